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
  for (let i = 0; i < 2; i++)
    picks.push({
      day: rng.int(0, days - 1),
      fraction: rng.float(),
      kind: 'duplicate',
      delayMs: rng.int(10, 90) * MINUTE,
    });
  for (let i = 0; i < 2; i++)
    picks.push({ day: rng.int(0, days - 1), fraction: rng.float(), kind: 'late', delayMs: rng.int(2, 14) * HOUR });
  if (accountIndex === Math.min(1, accountCount - 1))
    picks.push({ day: Math.floor(days / 2), fraction: 0.5, kind: 'future', delayMs: 365 * DAY });
  return picks;
}

/** How the engine sees a record: its principal key and whether AWS made the call (cached per identity and source). */
export interface Classified {
  principalKey: string;
  serviceCall: boolean;
}

const byIdentity = new WeakMap<object, Map<string, Classified>>();

/** Classifies a record as the engine does (principalOf, serviceCallReason), caching per identity object and source IP. */
export function classify(record: CloudTrailRecord): Classified {
  const ui = record.userIdentity;
  const cacheable =
    ui !== null &&
    typeof ui === 'object' &&
    ui.type !== undefined &&
    (ui.type !== 'AWSService' || ui.invokedBy !== undefined);
  const ip = record.sourceIPAddress ?? '';
  let cached = cacheable ? byIdentity.get(ui)?.get(ip) : undefined;
  if (cached === undefined) {
    const { userAgent: _ua, ...withoutAgent } = record;
    cached = { principalKey: principalOf(record).key, serviceCall: serviceCallReason(withoutAgent) !== null };
    if (cacheable) {
      let bySource = byIdentity.get(ui);
      if (bySource === undefined) {
        bySource = new Map();
        byIdentity.set(ui, bySource);
      }
      bySource.set(ip, cached);
    }
  }
  return record.userAgent === 'AWS Internal' && !cached.serviceCall ? { ...cached, serviceCall: true } : cached;
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

  /** Observes records in event-time order. */
  observe(accountId: string, time: number, record: CloudTrailRecord): void {
    const { principalKey: key, serviceCall } = classify(record);
    if (serviceCall) return;
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
      if (this.samples.length < 50)
        this.samples.push({ accountId, principalKey: key, action, eventTime: record.eventTime as string });
    }
  }
}
