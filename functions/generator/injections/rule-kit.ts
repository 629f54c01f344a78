/**
 * Small helpers for writing rule injections: hand out (account, day, time) slots after the
 * learning period round-robin over the accounts, and add one positive or near-miss event.
 * @module
 */
import type { CloudTrailRecord } from '../../engine/cloudtrail/index.js';
import { type ActionSpec, adhocAction } from '../actions.js';
import type { Draft, Session } from '../model.js';
import type { Account } from '../org.js';
import type { RuleId } from '../rule-ids.js';
import type { AddOptions, InjectionKit } from './kit.js';

/** Where and when one injected event happens, and who does it. */
export interface Slot {
  account: Account;
  day: number;
  time: number;
  session: Session;
}

/** The fields of an injected call besides where, when and who. */
export type CallSpec = Omit<Draft, 'time' | 'region' | 'session' | 'account' | 'action'> & {
  api: string | ActionSpec;
  readOnly?: boolean;
  region?: string;
  session?: Session;
  /** Seconds after the slot's time. */
  after?: number;
};

const apis = new Map<string, ActionSpec>();

/** An action for an API outside the routine catalog (`service:Operation`), write unless said otherwise. */
export function api(short: string, readOnly = false): ActionSpec {
  const key = `${short}|${readOnly}`;
  let found = apis.get(key);
  if (found === undefined) {
    found = adhocAction(short, readOnly);
    apis.set(key, found);
  }
  return found;
}

/** Hands out slots: account i mod n, a day after the learning period, a working hour; admin sessions by default. */
export function slots(kit: InjectionKit, salt: number): (accountIndex?: number) => Slot {
  let i = 0;
  return (accountIndex?: number): Slot => {
    const n = kit.accounts.length;
    const k = salt + i;
    const account = kit.accounts[(accountIndex ?? k) % n] as Account;
    const day = kit.afterLearning(0, salt * 3 + i);
    const time = kit.at(day, 8 + ((salt * 2.3 + i * 1.37) % 9.5)) + kit.rng.int(5, 1_800) * 1000;
    i++;
    // A different admin on each round over the accounts, so the planted events are not one person's.
    return { account, day, time, session: kit.adminSession(account, time, {}, Math.floor(k / n)) };
  };
}

/** Adds one ground-truth entry of `type` for calls made in a slot. */
export function inject(
  kit: InjectionKit,
  type: 'rule' | 'negative' | 'first-seen',
  ruleId: RuleId | undefined,
  slot: Slot,
  calls: CallSpec[],
  description: string,
  opts: Omit<AddOptions, 'ruleId' | 'description'> = {},
): CloudTrailRecord[] {
  const drafts: Draft[] = calls.map(({ api: a, readOnly, region, session, after, ...rest }) => {
    const action = typeof a === 'string' ? api(a, readOnly ?? false) : a;
    return {
      time: slot.time + Math.floor((after ?? 0) * 1000),
      region: region ?? (action.global ? 'us-east-1' : slot.account.homeRegion),
      action,
      session: session ?? slot.session,
      account: slot.account,
      ...rest,
    };
  });
  return kit.add(type, drafts, { ...(ruleId !== undefined ? { ruleId } : {}), description, ...opts });
}
