/**
 * First-seen decided atomically: one conditional UpdateItem per entry that looks new. It succeeds only
 * when the item is absent, expired (TTL passed but not yet deleted) with no claim, claimed by a run
 * whose lease lapsed, or already claimed by this same run (a retried call). Two overlapping runs can
 * therefore never both publish a finding for one entry, and a crashed run's claim is taken over once
 * its lease lapses, so neither run misses it.
 * @module
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BaselineEntry, ClaimResult, EntryKey } from '../../../engine/baseline/index.js';
import { mapLimit, withRetry } from '../shared/index.js';
import { isConditionFailed, type StoreContext } from './client.js';
import { entryKeyOf, epochSeconds, iso } from './items.js';

const CLAIM_CONDITION = [
  'attribute_not_exists(pk)',
  '(attribute_exists(claimRunId) AND (claimLeaseUntil < :now OR claimRunId = :run))',
  '(attribute_not_exists(claimRunId) AND expiresAt <= :now)',
].join(' OR ');

const CLAIM_UPDATE = [
  'SET #kind = :kind, principalKey = :pk, #dim = :dim, #value = :value',
  'firstSeen = if_not_exists(firstSeen, :fs)',
  'lastSeen = if_not_exists(lastSeen, :ls)',
  'expiresAt = if_not_exists(expiresAt, :ea)',
  '#ttl = if_not_exists(#ttl, :eae)',
  'claimRunId = :run, claimLeaseUntil = :lease, claimFindingId = :finding',
].join(', ');

/** Claims every entry (each must carry its `claim`); returns which this run won and which it lost. */
export async function claimEntries(
  ctx: StoreContext,
  accountId: string,
  entries: readonly BaselineEntry[],
  now: string,
): Promise<ClaimResult> {
  const nowIso = iso(now);
  const outcomes = await mapLimit(entries, ctx.concurrency ?? 16, async (entry) => {
    const claim = entry.claim;
    if (claim === undefined)
      throw new Error(
        `claim() needs entry.claim (runId, leaseUntil, findingId) for ${entry.principalKey} ${entry.value}`,
      );
    const key: EntryKey = { principalKey: entry.principalKey, dimension: entry.dimension, value: entry.value };
    try {
      await withRetry(
        () => {
          ctx.counter?.call('dynamodb:UpdateItem');
          ctx.counter?.itemsWritten(1);
          return ctx.client.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: entryKeyOf(accountId, key),
              UpdateExpression: CLAIM_UPDATE,
              ConditionExpression: CLAIM_CONDITION,
              ExpressionAttributeNames: { '#value': 'value', '#kind': 'kind', '#dim': 'dimension', '#ttl': 'ttl' },
              ExpressionAttributeValues: {
                ':now': nowIso,
                ':run': claim.runId,
                ':kind': 'entry',
                ':pk': entry.principalKey,
                ':dim': entry.dimension,
                ':value': entry.value,
                ':fs': iso(entry.firstSeen),
                ':ls': iso(entry.lastSeen),
                ':ea': iso(entry.expiresAt),
                ':eae': epochSeconds(entry.expiresAt),
                ':lease': iso(claim.leaseUntil),
                ':finding': claim.findingId,
              },
            }),
          );
        },
        {
          operation: 'dynamodb:UpdateItem(claim)',
          maxAttempts: ctx.maxAttempts ?? 8,
          sleep: ctx.sleep,
          random: ctx.random,
        },
      );
      return { key, won: true };
    } catch (error) {
      if (isConditionFailed(error)) return { key, won: false };
      throw error;
    }
  });
  return {
    claimed: outcomes.filter((o) => o.won).map((o) => o.key),
    lost: outcomes.filter((o) => !o.won).map((o) => o.key),
  };
}
