/** Deterministic ids: the same anomaly always gets the same id, so every layer can deduplicate. */
import { createHash } from 'node:crypto';

/** A hex id (32 chars) from the given parts, separated so that ('a','bc') differs from ('ab','c'). */
export function fingerprint(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part);
    hash.update('\u001f');
  }
  return hash.digest('hex').slice(0, 32);
}

/** The id of a first-seen finding: account, principal, dimension, value. */
export function firstSeenFindingId(accountId: string, principalKey: string, dimension: string, value: string): string {
  return fingerprint('first-seen', accountId, principalKey, dimension, value);
}

/** The id of a rule finding: rule id, account and the rule's dedupe key (default: the eventID). */
export function ruleFindingId(ruleId: string, accountId: string, dedupeKey: string): string {
  return fingerprint('rule', ruleId, accountId, dedupeKey);
}
