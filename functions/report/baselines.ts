/** The principals' baseline summaries a report shows ("known since …, N known actions"), read from a baseline store. */
import type { BaselineEntry, PrincipalRecord } from '../engine/baseline/index.js';
import type { Alert } from '../engine/findings/index.js';
import type { BaselineSummary } from './types.js';

/** What the report reads from a baseline store: principal records, and every entry when the store can list them. */
export interface BaselineReader {
  getPrincipals(accountId: string, principalKeys: readonly string[]): Promise<Map<string, PrincipalRecord>>;
  entriesOf?(accountId: string): Promise<BaselineEntry[]>;
}

/**
 * The summary of every (account, principal) the alerts name, keyed `accountId|principalKey`. The count of known
 * actions is the record's `knownValues` when the store keeps it, else the principal's confirmed `action` entries.
 */
export async function baselineSummaries(
  store: BaselineReader,
  alerts: readonly Alert[],
): Promise<Record<string, BaselineSummary>> {
  const wanted = new Map<string, Set<string>>();
  for (const alert of alerts) {
    for (const accountId of alert.accounts) {
      const keys = wanted.get(accountId) ?? new Set<string>();
      for (const p of alert.principals) keys.add(p.key);
      wanted.set(accountId, keys);
    }
  }
  const out: Record<string, BaselineSummary> = {};
  for (const [accountId, keys] of wanted) {
    if (keys.size === 0) continue;
    const records = await store.getPrincipals(accountId, [...keys]);
    let counts: Map<string, number> | null = null;
    for (const [key, record] of records) {
      let known = record.knownValues;
      if (known === undefined && store.entriesOf) {
        if (!counts) {
          counts = new Map();
          for (const entry of await store.entriesOf(accountId)) {
            if (entry.dimension === 'action' && !entry.claim)
              counts.set(entry.principalKey, (counts.get(entry.principalKey) ?? 0) + 1);
          }
        }
        known = counts.get(key) ?? 0;
      }
      out[`${accountId}|${key}`] = { firstSeen: record.firstSeen, knownValues: known ?? 0 };
    }
  }
  return out;
}
