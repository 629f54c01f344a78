/**
 * A hunt's result: the matching events in time order, each with who, what, from where, and what the
 * detection made of it: the first time its principal did that action (or acted at all) in the input,
 * the rules it hits, and the alerts it belongs to. Pure.
 * @module
 */
import {
  accountOf,
  actionOf,
  type CloudTrailRecord,
  getString,
  type Principal,
  principalOf,
} from '../cloudtrail/index.js';
import { sessionOf } from './selector.js';

/** One event of a trail. */
export interface TrailEvent {
  time: string;
  accountId: string;
  region: string | null;
  principal: Principal;
  action: string;
  sourceIp: string | null;
  userAgent: string | null;
  accessKeyId: string | null;
  session: string | null;
  eventId: string;
  errorCode: string | null;
  /** Which selector matched (`access-key AKIA…`, or `access-key ASIA… (minted by AKIA…)`). */
  via: string;
  /** The first time this principal did this action in the input (or in the baseline given). */
  firstSeen: boolean;
  /** The principal's first event in the input. */
  newPrincipal: boolean;
  /** Rule ids this event hits. */
  rules: string[];
  /** Alerts (ids) of the scan state that this event belongs to. */
  alerts: string[];
  record: CloudTrailRecord;
}

/** The earliest event id of each (account, principal, action) and of each (account, principal) among `records`. */
export interface FirstOccurrences {
  pairs: Map<string, { time: string; eventId: string }>;
  principals: Map<string, { time: string; eventId: string }>;
}

const key = (...parts: string[]): string => parts.join('\u001f');

/** Finds the first occurrences in a set of records (the whole input's records of the principals concerned). */
export function firstOccurrences(records: Iterable<CloudTrailRecord>): FirstOccurrences {
  const out: FirstOccurrences = { pairs: new Map(), principals: new Map() };
  const keep = (map: FirstOccurrences['pairs'], k: string, time: string, eventId: string): void => {
    const prior = map.get(k);
    if (prior === undefined || time < prior.time || (time === prior.time && eventId < prior.eventId))
      map.set(k, { time, eventId });
  };
  for (const r of records) {
    const time = typeof r.eventTime === 'string' ? r.eventTime : null;
    const id = typeof r.eventID === 'string' ? r.eventID : null;
    if (time === null || id === null) continue;
    const account = accountOf(r) ?? '';
    const p = principalOf(r).key;
    keep(out.pairs, key(account, p, actionOf(r)), time, id);
    keep(out.principals, key(account, p), time, id);
  }
  return out;
}

/** The trail event of a matched record, marked against the first occurrences. */
export function trailEventOf(r: CloudTrailRecord, via: string, first: FirstOccurrences): TrailEvent {
  const principal = principalOf(r);
  const accountId = accountOf(r) ?? '';
  const action = actionOf(r);
  const eventId = typeof r.eventID === 'string' ? r.eventID : '';
  return {
    time: typeof r.eventTime === 'string' ? r.eventTime : '',
    accountId,
    region: getString(r, 'awsRegion') ?? null,
    principal,
    action,
    sourceIp: getString(r, 'sourceIPAddress') ?? null,
    userAgent: getString(r, 'userAgent') ?? null,
    accessKeyId: getString(r, 'userIdentity.accessKeyId') || null,
    session: sessionOf(r) ?? null,
    eventId,
    errorCode: getString(r, 'errorCode') ?? null,
    via,
    firstSeen: first.pairs.get(key(accountId, principal.key, action))?.eventId === eventId,
    newPrincipal: first.principals.get(key(accountId, principal.key))?.eventId === eventId,
    rules: [],
    alerts: [],
    record: r,
  };
}

/** Events in time order (then account and event id), one per (account, event id). */
export function orderTrail(events: readonly TrailEvent[]): TrailEvent[] {
  const unique = new Map(events.map((e) => [key(e.accountId, e.eventId), e]));
  return [...unique.values()].sort(
    (a, b) =>
      a.time.localeCompare(b.time) || a.accountId.localeCompare(b.accountId) || a.eventId.localeCompare(b.eventId),
  );
}
