/**
 * eventTime parsing shared by every path: CloudTrail writes `2024-08-18T09:21:20Z`; exports from
 * CloudTrail Lake, Athena or a SIEM may write `2024-08-18 09:21:20.000` (UTC, no zone) or an offset.
 * Anything else is not an event time. The SQL twin is `EVENT_TIME_PATTERN` + a TIMESTAMPTZ cast in UTC.
 * @module
 */

/** The accepted shapes of eventTime (RE2- and JS-compatible). */
export const EVENT_TIME_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?$';
const PATTERN = new RegExp(EVENT_TIME_PATTERN);

/** Epoch milliseconds of an eventTime, or null when it is not a valid time. Times without a zone are UTC. */
export function parseEventTime(value: unknown): number | null {
  if (typeof value !== 'string' || !PATTERN.test(value)) return null;
  // Date.parse is lenient (Feb 31 becomes Mar 2); the SQL cast is not: check the calendar ourselves.
  const [y, mo, d, h, mi, sec] = [0, 5, 8, 11, 14, 17].map((i) => Number(value.slice(i, i + (i === 0 ? 4 : 2))));
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth || h! > 23 || mi! > 59 || sec! > 59) return null;
  let iso = value.replace(' ', 'T');
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) iso += 'Z';
  iso = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2').replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** ISO 8601 UTC with milliseconds, the one time format the engine writes. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
