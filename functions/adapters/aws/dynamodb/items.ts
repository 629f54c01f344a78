/**
 * The baseline single-table layout (one table per member account; the account id is still part of
 * every key so a shared table stays correct). Keys: `pk` (S) and `sk` (S); TTL attribute
 * `ttl` (N, epoch seconds; a DynamoDB reserved word, so always aliased in expressions). Times are stored as ISO 8601 UTC with milliseconds, so
 * string comparison in condition expressions is time order.
 *
 * | item      | pk                          | sk                          |
 * |-----------|-----------------------------|-----------------------------|
 * | principal | `P#<account>#<principalKey>` | `#principal`  (+ knownValues, known_<dimension>) |
 * | entry     | `P#<account>#<principalKey>` | `E#<dimension>#<value>`     |
 * | checkpoint| `C#<account>`               | `#checkpoint` (delivery position per stream, watermark) |
 * | window    | `W#<account>#<rule>|<actor>` | `#window`  (a window rule's state of one actor) |
 *
 * A principal and its entries share a partition: one Query lists everything known about a principal.
 * A key part too long for DynamoDB's key limits is replaced by its SHA-256 (the full value stays in
 * the item's attributes), so no value can make a commit fail forever.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  Dimension,
  type BaselineEntry,
  type Checkpoint,
  deliveredPosition,
  type EntryKey,
  type PrincipalRecord,
  type WindowState,
} from '../../../engine/baseline/index.js';

/** Attribute names of the table (the infrastructure creates the table with these). */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk', ttl: 'ttl' } as const;

/** A DynamoDB primary key of the baseline table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Normalises any ISO-ish time to `Date.toISOString()` (fixed width, so strings sort as times). */
export function iso(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new Error(`invalid time: ${time}`);
  return new Date(ms).toISOString();
}

/** Epoch seconds of an ISO time (the TTL attribute). */
export function epochSeconds(time: string): number {
  return Math.floor(Date.parse(time) / 1000);
}

/** DynamoDB's key limits are 2,048 bytes (partition) and 1,024 bytes (sort); stay under them. */
const MAX_PK_BYTES = 2000;
const MAX_SK_BYTES = 1000;

/** A key part that fits: longer values (a long SAML name, a future user-agent dimension) become their SHA-256. */
function fit(prefix: string, value: string, max: number): string {
  const whole = `${prefix}${value}`;
  return Buffer.byteLength(whole, 'utf8') <= max
    ? whole
    : `${prefix}sha256:${createHash('sha256').update(value).digest('hex')}`;
}

export const principalKeyOf = (accountId: string, principalKey: string): ItemKey => ({
  pk: fit(`P#${accountId}#`, principalKey, MAX_PK_BYTES),
  sk: '#principal',
});
export const entryKeyOf = (accountId: string, key: EntryKey): ItemKey => ({
  pk: fit(`P#${accountId}#`, key.principalKey, MAX_PK_BYTES),
  sk: fit(`E#${key.dimension}#`, key.value, MAX_SK_BYTES),
});
export const checkpointKeyOf = (accountId: string): ItemKey => ({ pk: `C#${accountId}`, sk: '#checkpoint' });

/** The attributes of an entry item (claim attributes are written by `claim` only). */
export function entryItem(accountId: string, entry: BaselineEntry): Record<string, unknown> {
  return {
    ...entryKeyOf(accountId, entry),
    kind: 'entry',
    principalKey: entry.principalKey,
    dimension: entry.dimension,
    value: entry.value,
    firstSeen: iso(entry.firstSeen),
    lastSeen: iso(entry.lastSeen),
    expiresAt: iso(entry.expiresAt),
    ttl: epochSeconds(entry.expiresAt),
  };
}

export function principalItem(accountId: string, p: PrincipalRecord): Record<string, unknown> {
  return {
    ...principalKeyOf(accountId, p.principalKey),
    kind: 'principal',
    principalKey: p.principalKey,
    type: p.type,
    arn: p.arn,
    name: p.name,
    firstSeen: iso(p.firstSeen),
    lastSeen: iso(p.lastSeen),
    expiresAt: iso(p.expiresAt),
    ttl: epochSeconds(p.expiresAt),
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** An entry item back to the port's shape; `undefined` for an item that is not an entry. */
export function entryFromItem(item: Record<string, unknown>): BaselineEntry | undefined {
  const principalKey = str(item.principalKey);
  const dimension = str(item.dimension);
  const value = str(item.value);
  const firstSeen = str(item.firstSeen);
  const lastSeen = str(item.lastSeen);
  const expiresAt = str(item.expiresAt);
  if (
    principalKey === null ||
    dimension === null ||
    value === null ||
    firstSeen === null ||
    lastSeen === null ||
    expiresAt === null
  )
    return undefined;
  const entry: BaselineEntry = { principalKey, dimension, value, firstSeen, lastSeen, expiresAt };
  const runId = str(item.claimRunId);
  const leaseUntil = str(item.claimLeaseUntil);
  if (runId !== null && leaseUntil !== null)
    entry.claim = { runId, leaseUntil, findingId: str(item.claimFindingId) ?? '' };
  return entry;
}

/** The counter attribute of a dimension on the principal item: `knownValues` for actions, `known_<dimension>` else. */
export function knownAttribute(dimension: string): string {
  return dimension === Dimension.Action ? 'knownValues' : `known_${dimension}`;
}

export function principalFromItem(item: Record<string, unknown>): PrincipalRecord | undefined {
  const principalKey = str(item.principalKey);
  const type = str(item.type);
  const firstSeen = str(item.firstSeen);
  const lastSeen = str(item.lastSeen);
  const expiresAt = str(item.expiresAt);
  if (principalKey === null || type === null || firstSeen === null || lastSeen === null || expiresAt === null)
    return undefined;
  const record: PrincipalRecord = {
    principalKey,
    type,
    arn: str(item.arn),
    name: str(item.name),
    firstSeen,
    lastSeen,
    expiresAt,
  };
  if (typeof item.knownValues === 'number') record.knownValues = item.knownValues;
  const known = Object.entries(item).filter(([k, v]) => k.startsWith('known_') && typeof v === 'number');
  if (known.length > 0) record.known = Object.fromEntries(known.map(([k, v]) => [k.slice(6), v as number]));
  return record;
}

export function checkpointFromItem(item: Record<string, unknown>): Checkpoint | undefined {
  const accountId = str(item.accountId);
  const watermark = str(item.watermark);
  if (accountId === null || watermark === null) return undefined;
  const delivered: Record<string, string> = {};
  if (item.delivered !== null && typeof item.delivered === 'object') {
    for (const [k, v] of Object.entries(item.delivered as Record<string, unknown>))
      if (typeof v === 'string') delivered[k] = v;
  }
  const learnUntil = str(item.learnUntil);
  const since = str(item.since);
  return {
    accountId,
    delivered,
    watermark,
    updatedAt: str(item.updatedAt) ?? watermark,
    runId: str(item.runId) ?? '',
    ...(learnUntil ? { learnUntil } : {}),
    ...(since !== null ? { since } : {}),
  };
}

/** The checkpoint item: `position` (the furthest delivery) is what the conditional write compares. */
export function checkpointItem(checkpoint: Checkpoint): Record<string, unknown> {
  return {
    ...checkpointKeyOf(checkpoint.accountId),
    kind: 'checkpoint',
    accountId: checkpoint.accountId,
    delivered: Object.fromEntries(Object.entries(checkpoint.delivered).map(([k, v]) => [k, iso(v)])),
    position: deliveredPosition(checkpoint) === null ? '' : iso(deliveredPosition(checkpoint)!),
    watermark: iso(checkpoint.watermark),
    updatedAt: iso(checkpoint.updatedAt),
    runId: checkpoint.runId,
    ...(checkpoint.learnUntil ? { learnUntil: iso(checkpoint.learnUntil) } : {}),
    ...(checkpoint.since !== undefined ? { since: iso(checkpoint.since) } : {}),
  };
}

export const windowStateKeyOf = (accountId: string, key: string): ItemKey => ({
  pk: fit(`W#${accountId}#`, key, MAX_PK_BYTES),
  sk: '#window',
});

/** A window state item: the state as JSON (bounded by the rule engine), with the TTL of its expiry. */
export function windowStateItem(accountId: string, state: WindowState): Record<string, unknown> {
  return {
    ...windowStateKeyOf(accountId, state.key),
    kind: 'window',
    key: state.key,
    state: JSON.stringify(state),
    ttl: epochSeconds(state.expiresAt),
  };
}

/** A window state item back to the state; undefined when it is not one or is unreadable. */
export function windowStateFromItem(item: Record<string, unknown>): WindowState | undefined {
  if (typeof item.state !== 'string') return undefined;
  try {
    const state = JSON.parse(item.state) as WindowState;
    return typeof state.key === 'string' && Array.isArray(state.observations) ? state : undefined;
  } catch {
    return undefined;
  }
}
