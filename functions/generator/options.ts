/**
 * Options of `ct-anomaly generate` and their validation. Expected bad input comes back as
 * `{ ok: false, reason }`; the CLI prints the reason.
 * @module
 */
import { parseDay } from './time.js';

/** Everything that determines the generated organization; the same options give the same bytes. */
export interface GenerateOptions {
  /** Member accounts including the management account (>= 1). */
  accounts: number;
  /** Days of activity (>= 1). */
  days: number;
  /** Any string; every random choice derives from it. */
  seed: string;
  /** Output directory (created if missing). */
  out: string;
  /** First day, `YYYY-MM-DD` (UTC). */
  start: string;
  /** Learning period of each principal, counted from its first event. */
  learningDays: number;
  /** Also write the malformed files and records. */
  withMalformed: boolean;
  /** The organization id used in the S3 layout. */
  orgId: string;
  /** Multiplies the rate of routine activity (1 = the default mix, about 2,000 events per account and day). */
  activity: number;
  /** When set, accounts/days/activity were chosen to produce about this many events. */
  targetEvents?: number;
  /** When set, only an intrusion is planted, on this day (0-based): routine activity around one incident. */
  intrusionDay?: number;
}

/** The default first day: a Monday, and safely in the past. */
export const DEFAULT_START = '2026-01-05';
/** Default learning period in days (the engine's default too). */
export const DEFAULT_LEARNING_DAYS = 14;
/** gzip level of every file written (fixed so the output is byte-identical across runs). */
export const GZIP_LEVEL = 1;

/** Raw options as a caller may give them. */
export interface GenerateInput {
  accounts?: number;
  days?: number;
  seed?: string | number;
  out: string;
  start?: string;
  learningDays?: number;
  withMalformed?: boolean;
  orgId?: string;
  activity?: number;
  events?: number;
  intrusionDay?: number;
}

/** Outcome of validating options. */
export type OptionsResult = { ok: true; options: GenerateOptions } | { ok: false; reason: string };

const ORG_ID = /^o-[a-z0-9]{10,32}$/;

function positiveInt(name: string, value: number | undefined, min: number, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max)
    return `--${name} must be an integer from ${min} to ${max} (got ${value})`;
  return undefined;
}

/** An organization id derived from the seed when none is given. */
export function defaultOrgId(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 10; i++) {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    id += chars[h % 36];
  }
  return `o-${id}`;
}

/** Validates raw options and fills the defaults (accounts 5, days 30, seed 1). */
export function resolveOptions(input: GenerateInput): OptionsResult {
  const problems = [
    positiveInt('accounts', input.accounts, 1, 5000),
    positiveInt('days', input.days, 1, 3660),
    positiveInt('learning-days', input.learningDays, 0, 365),
    positiveInt('events', input.events, 1, 1_000_000_000),
    positiveInt('intrusion-day', input.intrusionDay, 0, Math.max(0, (input.days ?? 30) - 1)),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) return { ok: false, reason: problems[0] as string };
  if (input.activity !== undefined && !(input.activity > 0 && input.activity <= 1000)) {
    return { ok: false, reason: `activity must be a number above 0 and at most 1000 (got ${input.activity})` };
  }
  if (input.out.trim() === '') return { ok: false, reason: '--out must name a directory' };
  const start = input.start ?? DEFAULT_START;
  if (parseDay(start) === undefined) return { ok: false, reason: `--start must be a date YYYY-MM-DD (got ${start})` };
  const seed = String(input.seed ?? '1');
  const orgId = input.orgId ?? defaultOrgId(seed);
  if (!ORG_ID.test(orgId))
    return {
      ok: false,
      reason: `--org-id must look like o-xxxxxxxxxx (o- then 10 to 32 lower-case letters or digits; got ${orgId})`,
    };
  return {
    ok: true,
    options: {
      accounts: input.accounts ?? 5,
      days: input.days ?? 30,
      seed,
      out: input.out,
      start,
      learningDays: input.learningDays ?? DEFAULT_LEARNING_DAYS,
      withMalformed: input.withMalformed ?? false,
      orgId,
      activity: input.activity ?? 1,
      ...(input.events !== undefined ? { targetEvents: input.events } : {}),
      ...(input.intrusionDay !== undefined ? { intrusionDay: input.intrusionDay } : {}),
    },
  };
}
