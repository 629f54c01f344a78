/** Reading state items back into the engine's records (tolerant: a malformed item reads as absent). */
import type { ActorSighting, AlertRecord, HeartbeatRecord } from '../../../engine/aggregate/index.js';

type Item = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : v instanceof Set ? [...v].map(String) : [];

/** Sightings stored as `s_<account>` maps. */
export function sightingsFromItem(item: Item): ActorSighting[] {
  const out: ActorSighting[] = [];
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith('s_') || value === null || typeof value !== 'object') continue;
    const v = value as Item;
    const account = str(v.account);
    const eventTime = str(v.eventTime);
    const alertId = str(v.alertId);
    if (account && eventTime && alertId) out.push({ account, eventTime, alertId, incidentId: str(v.incidentId) });
  }
  return out.sort((a, b) => a.account.localeCompare(b.account));
}

/** An alert record, or undefined when the item is not one. */
export function alertFromItem(item: Item): AlertRecord | undefined {
  const id = str(item.alertId);
  const revision = str(item.revision);
  if (!id || !revision) return undefined;
  const delivered: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith('d_')) delivered[name.slice(2)] = strings(value).sort();
  return {
    id,
    kind: (str(item.kind) ?? 'first-seen') as AlertRecord['kind'],
    revision,
    firstCreatedAt: str(item.firstCreatedAt) ?? '',
    updatedAt: str(item.updatedAt) ?? '',
    severity: (str(item.severity) ?? 'info') as AlertRecord['severity'],
    score: typeof item.score === 'number' ? item.score : 0,
    accounts: strings(item.accounts),
    values: strings(item.values),
    findingIds: strings(item.findingIds),
    delivered,
  };
}

/** `a_<account>` attributes as account -> time. */
export function accountsFromItem(item: Item | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (name.startsWith('a_') && typeof value === 'string') out[name.slice(2)] = value;
  }
  return out;
}

/** A heartbeat record (sort key `<account>` in older items, `<account>#<region>` since), or undefined when malformed. */
export function heartbeatFromItem(item: Item): HeartbeatRecord | undefined {
  const accountId = str(item.accountId) ?? str(item.sk)?.split('#')[0] ?? null;
  const receivedAt = str(item.receivedAt);
  const heartbeat = item.heartbeat;
  if (!accountId || !receivedAt || heartbeat === null || typeof heartbeat !== 'object') return undefined;
  const record: HeartbeatRecord = { accountId, receivedAt, heartbeat: heartbeat as HeartbeatRecord['heartbeat'] };
  if (typeof item.failedInARow === 'number') record.failedInARow = item.failedInARow;
  if ('lastOkAt' in item) record.lastOkAt = str(item.lastOkAt);
  if ('watermark' in item) record.watermark = str(item.watermark);
  if ('versionSince' in item) record.versionSince = str(item.versionSince);
  return record;
}
