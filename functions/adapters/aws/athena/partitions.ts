/**
 * Which `date` partitions a delivery range touches. The path date of a CloudTrail file is its DELIVERY
 * day (UTC), like the stamp in its name: a run that follows delivery reads the days from `after` to `upTo`.
 * @module
 */

/** `yyyy/MM/dd` of an epoch-ms time, UTC (the projection format of the `date` partition). */
export function partitionDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** Every delivery day of (after, upTo], oldest first. */
export function partitionDates(afterMs: number, upToMs: number): string[] {
  const DAY = 86_400_000;
  const first = Math.floor(afterMs / DAY) * DAY;
  const last = Math.floor(Math.max(upToMs, afterMs) / DAY) * DAY;
  const dates: string[] = [];
  for (let day = first; day <= last; day += DAY) dates.push(partitionDate(day));
  return dates;
}
