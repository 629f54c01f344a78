/**
 * Data-quality defects of real trails, chosen per account from the seed: events delivered twice
 * (same eventID in two files), events delivered hours late, and one record stamped a year ahead.
 * Also counts the expected noise: legitimate first-seen pairs after the learning period.
 * @module
 */
import { type CloudTrailRecord, actionOf, principalOf, serviceCallReason } from '../engine/cloudtrail/index.js';
import { rngFor } from './prng.js';
import { DAY, HOUR, MINUTE } from './time.js';

/** One planned defect on a day of an account: the record at `fraction` of the day's list. */
export interface QualityPick {
  day: number;
  fraction: number;
  kind: 'duplicate' | 'late' | 'future';
  /** Extra delay (late) or gap between the two deliveries (duplicate). */
  delayMs: number;
}

/** The defects of one account: two duplicates and two late deliveries; the future record in one account. */
export function qualityPicks(seed: string, accountIndex: number, accountCount: number, days: number): QualityPick[] {
  const rng = rngFor(seed, 'quality', accountIndex);
  const picks: QualityPick[] = [];
  for (let i = 0; i < 2; i++) picks.push({ day: rng.int(0, days - 1), fraction: rng.float(), kind: 'duplicate', delayMs: rng.int(10, 90) * MINUTE });
  for (let i = 0; i < 2; i++) picks.push({ day: rng.int(0, days - 1), fraction: rng.float(), kind: 'late', delayMs: rng.int(2, 14) * HOUR });
  if (accountIndex === Math.min(1, accountCount - 1)) picks.push({ day: Math.floor(days / 2), fraction: 0.5, kind: 'future', delayMs: 365 * DAY });
  return picks;
}

/** Counts first-seen (principal, action) pairs after each principal's learning period, by engine semantics. */
export class NoiseCounter {
  count = 0;
  readonly samples: Array<{ accountId: string; principalKey: string; action: string; eventTime: string }> = [];
  private principals = new Map<string, { first: number; actions: Set<string> }>();

  constructor(
    private readonly learningMs: number,
    /** `account|principalKey|action` triples explained by the ground truth. */
    private readonly explained: ReadonlySet<string>,
  ) {}

  /** Starts a new account (each account has its own baseline). */
  reset(): void {
    this.principals = new Map();
  }

  private readonly byIdentity = new WeakMap<object, string>();

  /** Observes records in event-time order. */
  observe(accountId: string, time: number, record: CloudTrailRecord): void {
    if (serviceCallReason(record) !== null) return;
    const ui = record.userIdentity;
    let key = ui !== null && typeof ui === 'object' && ui.type !== undefined && ui.type !== 'AWSService' ? this.byIdentity.get(ui) : undefined;
    if (key === undefined) {
      key = principalOf(record).key;
      if (ui !== null && typeof ui === 'object' && ui.type !== undefined && ui.type !== 'AWSService') this.byIdentity.set(ui, key);
    }
    let p = this.principals.get(key);
    if (p === undefined) {
      p = { first: time, actions: new Set() };
      this.principals.set(key, p);
    }
    const action = actionOf(record);
    if (p.actions.has(action)) return;
    p.actions.add(action);
    if (time >= p.first + this.learningMs && !this.explained.has(`${accountId}|${key}|${action}`)) {
      this.count++;
      if (this.samples.length < 50) this.samples.push({ accountId, principalKey: key, action, eventTime: record.eventTime as string });
    }
  }
}
