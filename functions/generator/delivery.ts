/**
 * CloudTrail's delivery model: per account and region, a file about every 5 minutes holding the
 * events of the last minutes; the S3 key is dated by the delivery (an event at 23:58 lands in the
 * next day's folder). Buffers files until no later event can join them.
 * @module
 */
import type { CloudTrailRecord } from '../engine/cloudtrail/index.js';
import { type Rng, rngFor } from './prng.js';
import { MINUTE, deliveryParts } from './time.js';

/** One delivery file waiting to be written. */
export interface Delivery {
  region: string;
  deliveryMs: number;
  /** Relative path of the file under the output directory. */
  path: string;
  records: Array<{ time: number; record: CloudTrailRecord }>;
}

const STEP = 5 * MINUTE;

/** The S3 key of a CloudTrail delivery file. */
export function deliveryPath(
  orgId: string,
  accountId: string,
  region: string,
  deliveryMs: number,
  suffix: string,
): string {
  const { datePath, stamp } = deliveryParts(deliveryMs);
  return `AWSLogs/${orgId}/${accountId}/CloudTrail/${region}/${datePath}/${accountId}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`;
}

/** Per-account buffer of delivery files. */
export class DeliveryBuffer {
  private readonly slots = new Map<string, Delivery>();
  private readonly phases = new Map<string, number>();

  constructor(
    private readonly seed: string,
    private readonly orgId: string,
    private readonly accountId: string,
  ) {}

  private phase(region: string): number {
    let p = this.phases.get(region);
    if (p === undefined) {
      p = rngFor(this.seed, 'delivery-phase', this.accountId, region).int(0, 299) * 1000;
      this.phases.set(region, p);
    }
    return p;
  }

  /** When an event is delivered: the first slot after it is ready (1-5 minutes later), plus any extra delay. */
  deliveryTime(rng: Rng, region: string, eventMs: number, extraMs = 0): number {
    const phase = this.phase(region);
    const ready = eventMs + 60_000 + Math.floor(rng.float() * 4 * MINUTE) + extraMs;
    return Math.ceil((ready - phase) / STEP) * STEP + phase;
  }

  /** Adds a record to the file delivered at `deliveryMs`; returns that file's path. */
  add(region: string, deliveryMs: number, time: number, record: CloudTrailRecord): string {
    const key = `${region}|${deliveryMs}`;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      const suffix = rngFor(this.seed, 'file', this.accountId, region, deliveryMs).alnum(16);
      slot = {
        region,
        deliveryMs,
        path: deliveryPath(this.orgId, this.accountId, region, deliveryMs, suffix),
        records: [],
      };
      this.slots.set(key, slot);
    }
    slot.records.push({ time, record });
    return slot.path;
  }

  /** Removes and returns the files delivered before `ms` (all when omitted), in delivery then region order. */
  take(ms = Number.POSITIVE_INFINITY): Delivery[] {
    const out: Delivery[] = [];
    for (const [key, slot] of this.slots) {
      if (slot.deliveryMs < ms) {
        out.push(slot);
        this.slots.delete(key);
      }
    }
    out.sort((a, b) => a.deliveryMs - b.deliveryMs || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
    for (const d of out) d.records.sort((a, b) => a.time - b.time);
    return out;
  }
}
