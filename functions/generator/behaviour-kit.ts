/**
 * What every behaviour needs for one account and day: the context, an emitter for drafts, work
 * hours in a person's time zone, weighted picks (cached cumulative weights) and legitimate churn.
 * @module
 */
import type { ActionSpec } from './actions.js';
import type { Draft, Principal, WeightedAction } from './model.js';
import type { Account, Org } from './org.js';
import type { Rng } from './prng.js';
import type { AccountResources } from './resources.js';
import { HOUR, MINUTE } from './time.js';

/** One account and day being generated. */
export interface DayContext {
  seed: string;
  org: Org;
  account: Account;
  res: AccountResources;
  /** Day index from the start of the period. */
  day: number;
  /** Midnight UTC of that day, epoch ms. */
  dayStart: number;
  days: number;
  /** Routine activity multiplier. */
  activity: number;
}

/** Receives drafts. */
export type Emit = (draft: Draft) => void;

const cumulative = new WeakMap<readonly WeightedAction[], Float64Array>();

/** Picks one action by weight from a repertoire (cumulative weights cached per list). */
export function pick(rng: Rng, list: readonly WeightedAction[]): ActionSpec {
  let cum = cumulative.get(list);
  if (cum === undefined) {
    cum = new Float64Array(list.length);
    let total = 0;
    list.forEach((w, i) => {
      total += w.weight;
      (cum as Float64Array)[i] = total;
    });
    cumulative.set(list, cum);
  }
  const x = rng.float() * (cum[cum.length - 1] ?? 0);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return (list[lo] as WeightedAction).action;
}

/** The read-only (or write) part of a repertoire, cached. */
const parts = new WeakMap<readonly WeightedAction[], { reads: WeightedAction[]; writes: WeightedAction[] }>();
export function split(list: readonly WeightedAction[]): { reads: WeightedAction[]; writes: WeightedAction[] } {
  let found = parts.get(list);
  if (found === undefined) {
    found = { reads: list.filter((w) => w.action.readOnly), writes: list.filter((w) => !w.action.readOnly) };
    parts.set(list, found);
  }
  return found;
}

/** A moment in local working hours (08:30-18:00) converted to UTC, on the given day. */
export function workTime(rng: Rng, dayStart: number, utcOffset: number): number {
  const local = 8.5 * HOUR + rng.float() * 9.5 * HOUR;
  return dayStart + local - utcOffset * HOUR;
}

/** The region a call goes to: us-east-1 for global services, mostly the home region otherwise. */
export function regionFor(rng: Rng, account: Account, action: ActionSpec): string {
  if (action.global) return 'us-east-1';
  if (account.regions.length > 1 && rng.chance(0.12)) return rng.pick(account.regions);
  return account.homeRegion;
}

/** Takes the next legitimate new action of a principal (it joins the repertoire); undefined when none is left. */
export function takeChurn(rng: Rng, p: Principal): ActionSpec | undefined {
  if (p.churn.length === 0) return undefined;
  const i = rng.int(0, p.churn.length - 1);
  const taken = p.churn[i] as WeightedAction;
  p.churn = p.churn.filter((_, j) => j !== i);
  p.repertoire = [...p.repertoire, { action: taken.action, weight: taken.weight * 0.3 }];
  return taken.action;
}

/** Times of a periodic job over one day: every `minutes`, with a stable phase and a little jitter. */
export function periodic(rng: Rng, dayStart: number, minutes: number, phaseMs: number, jitterMs = 20_000): number[] {
  const step = Math.max(1, minutes) * MINUTE;
  const out: number[] = [];
  for (let t = dayStart + (phaseMs % step); t < dayStart + 24 * HOUR; t += step)
    out.push(t + Math.floor(rng.float() * jitterMs));
  return out;
}
