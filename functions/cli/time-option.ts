/** Times on the command line: ISO 8601 (a day or a time) or a span back from now (`7d`, `36h`, `90m`, `2w`). */
import { CliError } from './command.js';

const SPAN = /^(\d+(?:\.\d+)?)(m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The option's time as ISO 8601 UTC; a day alone is its midnight UTC, a time without a zone is UTC. */
export function timeOption(name: string, value: string | undefined, nowMs: number): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const span = SPAN.exec(text);
  if (span) return new Date(nowMs - Number(span[1]) * UNIT_MS[span[2]!]!).toISOString();
  if (ISO.test(text)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) || text.length === 10 ? text : `${text}Z`;
    const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : zoned.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  throw new CliError(
    `--${name} must be a time (2026-01-31, 2026-01-31T12:00Z) or a span back from now (7d, 36h, 90m), got "${value}"`,
    'times are UTC unless they carry an offset',
  );
}

/** Comma-separated values of a list option (`--accounts 111122223333,444455556666`), or undefined. */
export function listOption(
  name: string,
  value: string | undefined,
  valid: RegExp,
  example: string,
): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = items.find((v) => !valid.test(v));
  if (items.length === 0 || bad !== undefined)
    throw new CliError(`--${name} takes a comma-separated list like ${example}, got "${value}"`);
  return items;
}
