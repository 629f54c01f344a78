/**
 * Time helpers for the generator: epoch milliseconds in, CloudTrail's ISO format (seconds, `Z`) out.
 * The generator never reads the clock: the period starts at `--start` (default 2026-01-05).
 * @module
 */

/** Milliseconds in a minute, hour and day. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedPrefix = '';

/** CloudTrail's eventTime format: `2026-01-05T09:12:33Z` (the date part is cached: this is a hot path). */
export function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  const s = Math.floor((ms - day * DAY) / 1000);
  return `${cachedPrefix}${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}Z`;
}

/** Parses `YYYY-MM-DD` as midnight UTC; undefined when not a real date. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms;
}

/** Day of week of an epoch ms, 0 = Sunday. */
export function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

/** True on Saturday and Sunday (UTC). */
export function isWeekend(ms: number): boolean {
  const d = weekday(ms);
  return d === 0 || d === 6;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The S3 key parts of a delivery time: `YYYY/MM/DD` and `YYYYMMDDTHHmmZ`. */
export function deliveryParts(ms: number): { datePath: string; stamp: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = pad(d.getUTCMonth() + 1);
  const day = pad(d.getUTCDate());
  return { datePath: `${y}/${m}/${day}`, stamp: `${y}${m}${day}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z` };
}

/** The format some services (KMS, RDS) use inside responseElements: `Jan 20, 2026, 12:00:00 AM`. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}
