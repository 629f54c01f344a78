/**
 * Which `date` partitions a range touches. The path date of a CloudTrail file is its DELIVERY day
 * (UTC), not the event's day: an event at 23:58 is often delivered after midnight. So the dates run
 * from the day of `from` to the day of `to + deliverySlack`, and a window near midnight reads two days.
 * @module
 */

/** `yyyy/MM/dd` of an epoch-ms time, UTC (the projection format of the `date` partition). */
export function partitionDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** Every delivery day a range of event times can sit in, oldest first. */
export function partitionDates(fromMs: number, toMs: number, deliverySlackMs: number): string[] {
  const DAY = 86_400_000;
  const first = Math.floor(fromMs / DAY) * DAY;
  const last = Math.floor((Math.max(toMs, fromMs) + deliverySlackMs) / DAY) * DAY;
  const dates: string[] = [];
  for (let day = first; day <= last; day += DAY) dates.push(partitionDate(day));
  return dates;
}
