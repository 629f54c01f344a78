/**
 * The aggregator's state table (one table in the central account). Keys `pk` (S) and `sk` (S); TTL
 * attribute `ttl` (N, epoch seconds; reserved word, always aliased). Times are ISO 8601 UTC strings
 * with milliseconds, so string comparison is time order; TTL deletion lags, so reads also check `expiresAt`.
 *
 * | item            | pk                 | sk            | attributes |
 * |-----------------|--------------------|---------------|------------|
 * | finding (dedup) | `F#<findingId>`    | `#finding`    | alertId, or claim `owner`/`claimUntil`; expiresAt, ttl |
 * | alert           | `A#<alertId>`      | `#alert`      | kind, revision, severity, score, accounts, values, findingIds, `d_<revision>` (SS of sinks), expiresAt, ttl |
 * | actor           | `X#<actorKey>`     | `#actor`      | `s_<account>` (M: eventTime, alertId, incidentId), ttl |
 * | prevalence      | `V#<action>`       | `#prevalence` | `a_<account>` (S: last reported), `ps` (SS: principal hashes), ttl |
 * | known accounts  | `K#accounts`       | `#accounts`   | `a_<account>` (S: last heard of) |
 * | heartbeat       | `H`                | `<accountId>#<region>` (`<accountId>` before regions) | accountId, receivedAt, heartbeat (M), failedInARow, lastOkAt, watermark, agentVersion, versionSince, ttl |
 * @module
 */
import { createHash } from 'node:crypto';

/** Attribute names the infrastructure creates the table with. */
export const STATE_TABLE_KEYS = { partition: 'pk', sort: 'sk', ttl: 'ttl' } as const;

/** A primary key. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Keys longer than this are hashed (DynamoDB allows 2,048 bytes per partition key). */
const MAX_KEY = 1000;

function bounded(prefix: string, value: string): string {
  const full = `${prefix}${value}`;
  if (Buffer.byteLength(full) <= MAX_KEY) return full;
  return `${prefix}#h:${createHash('sha256').update(value).digest('hex')}`;
}

export const findingKey = (id: string): ItemKey => ({ pk: bounded('F#', id), sk: '#finding' });
export const alertKey = (id: string): ItemKey => ({ pk: bounded('A#', id), sk: '#alert' });
export const actorKey = (key: string): ItemKey => ({ pk: bounded('X#', key), sk: '#actor' });
export const prevalenceKey = (action: string): ItemKey => ({ pk: bounded('V#', action), sk: '#prevalence' });
export const KNOWN_ACCOUNTS_KEY: ItemKey = { pk: 'K#accounts', sk: '#accounts' };
export const HEARTBEAT_PK = 'H';

/** The map key of an item. */
export function itemId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

/** Epoch seconds of an ISO time. */
export function epochSeconds(time: string): number {
  return Math.floor(Date.parse(time) / 1000);
}

/** Fixed-width ISO (string order is time order). */
export function iso(time: string): string {
  return new Date(Date.parse(time)).toISOString();
}

/** Attribute name for a per-account value (`a_111122223333`); account ids are digits, anything else is hashed. */
export function accountAttr(prefix: 'a_' | 's_', account: string): string {
  return /^[0-9]{1,20}$/.test(account)
    ? `${prefix}${account}`
    : `${prefix}h${createHash('sha256').update(account).digest('hex').slice(0, 20)}`;
}

/** Attribute name of the sinks that received one alert revision. */
export function deliveredAttr(revision: string): string {
  return `d_${revision.replace(/[^0-9a-f]/g, '').slice(0, 64)}`;
}

/** A short stable hash of a principal, for the prevalence principal set. */
export function principalHash(account: string, principalKey: string): string {
  return createHash('sha256').update(`${account}|${principalKey}`).digest('hex').slice(0, 12);
}
