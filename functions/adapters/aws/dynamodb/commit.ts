/**
 * Commit: makes entries and principals known, idempotently and monotonically. The common case is
 * one conditional UpdateItem per item (firstSeen kept, lastSeen/expiresAt moved forward, claim
 * removed). When the condition says the stored item is newer, older, or expired before this
 * observation, the item is read and merged (firstSeen = min, or reset when the old item had
 * expired; lastSeen/expiresAt = max) and written back under an optimistic condition.
 * @module
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BaselineCommit } from '../../../engine/baseline/index.js';
import { mapLimit, withRetry } from '../shared/index.js';
import { isConditionFailed, type StoreContext } from './client.js';
import { entryItem, knownAttribute, principalItem, principalKeyOf, type ItemKey } from './items.js';

const FAST_CONDITION =
  'attribute_not_exists(pk) OR (lastSeen <= :ls AND expiresAt <= :ea AND firstSeen <= :fs AND expiresAt > :fs)';
const OPTIMISTIC_ROUNDS = 5;
const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'firstSeen']);

/**
 * Writes a commit: principals, then entries (each bounded-parallel and idempotent), then adds the
 * number of entries that became known to each principal's `knownValues` (approximate: TTL deletions
 * are not subtracted, and a commit cut short may miss a few; scoring only needs the order of magnitude).
 */
export async function commitBaseline(ctx: StoreContext, accountId: string, commit: BaselineCommit): Promise<void> {
  const limit = ctx.concurrency ?? 16;
  await mapLimit(
    commit.principals.map((p) => principalItem(accountId, p)),
    limit,
    (item) => writeItem(ctx, item),
  );
  const added = await mapLimit(
    commit.entries.map((e) => entryItem(accountId, e)),
    limit,
    (item) => writeItem(ctx, item),
  );
  const perPrincipal = new Map<string, Record<string, number>>();
  commit.entries.forEach((e, i) => {
    if (!added[i]) return;
    const counts = perPrincipal.get(e.principalKey) ?? {};
    counts[e.dimension] = (counts[e.dimension] ?? 0) + 1;
    perPrincipal.set(e.principalKey, counts);
  });
  await mapLimit([...perPrincipal], limit, ([principalKey, counts]) =>
    addKnownValues(ctx, principalKeyOf(accountId, principalKey), counts),
  );
}

/** One UpdateItem per principal adds what became known: `knownValues` (actions) and `known_<dimension>`. */
async function addKnownValues(ctx: StoreContext, key: ItemKey, counts: Record<string, number>): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(counts).map(([dimension, n], i) => {
    names[`#k${i}`] = knownAttribute(dimension);
    values[`:k${i}`] = n;
    return `#k${i} :k${i}`;
  });
  try {
    await send(ctx, 'dynamodb:UpdateItem', () =>
      ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: key,
          UpdateExpression: `ADD ${adds.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** Whether an item as it was before a write held no known entry (absent, only claimed, or expired before `firstSeen`). */
function wasUnknown(old: Record<string, unknown> | undefined, firstSeen: unknown): boolean {
  if (old === undefined || old.firstSeen === undefined) return true;
  if (old.claimRunId !== undefined) return true;
  return typeof old.expiresAt === 'string' && typeof firstSeen === 'string' && old.expiresAt <= firstSeen;
}

/** Writes one item; true when it is an entry that was not known before. */
async function writeItem(ctx: StoreContext, item: Record<string, unknown>): Promise<boolean> {
  const key: ItemKey = { pk: item.pk as string, sk: item.sk as string };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':fs': item.firstSeen, ':ls': item.lastSeen, ':ea': item.expiresAt };
  const sets: string[] = ['firstSeen = if_not_exists(firstSeen, :fs)'];
  for (const [attr, value] of Object.entries(item)) {
    if (KEY_ATTRIBUTES.has(attr)) continue;
    names[`#${attr}`] = attr;
    const placeholder = attr === 'lastSeen' ? ':ls' : attr === 'expiresAt' ? ':ea' : `:${attr}`;
    values[placeholder] = value;
    sets.push(`#${attr} = ${placeholder}`);
  }
  try {
    const response = await send(ctx, 'dynamodb:UpdateItem', () =>
      ctx.client.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} REMOVE claimRunId, claimLeaseUntil, claimFindingId`,
          ConditionExpression: FAST_CONDITION,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // the old image costs nothing extra and tells whether the entry is new
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return item.kind === 'entry' && wasUnknown(response.Attributes, item.firstSeen);
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  const old = await mergeItem(ctx, key, item);
  return item.kind === 'entry' && wasUnknown(old, item.firstSeen);
}

/** Read, merge, write under "unchanged since read"; a few rounds if another writer interleaves. Returns the item as it was. */
async function mergeItem(
  ctx: StoreContext,
  key: ItemKey,
  item: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  for (let round = 0; round < OPTIMISTIC_ROUNDS; round += 1) {
    const old = (
      await send(ctx, 'dynamodb:GetItem', () =>
        ctx.client.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true })),
      )
    ).Item;
    const merged = old === undefined ? item : mergeAttributes(old, item);
    try {
      await send(ctx, 'dynamodb:PutItem', () =>
        ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: merged,
            ...(old === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'firstSeen = :ofs AND lastSeen = :ols AND expiresAt = :oea',
                  ExpressionAttributeValues: { ':ofs': old.firstSeen, ':ols': old.lastSeen, ':oea': old.expiresAt },
                }),
          }),
        ),
      );
      return old;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new Error(`commit of ${key.pk} ${key.sk} lost ${OPTIMISTIC_ROUNDS} optimistic rounds in a row`);
}

/** The merge rule: firstSeen never later (reset if the old item expired before it), lastSeen/expiresAt never earlier, claim cleared. */
export function mergeAttributes(old: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const s = (v: unknown): string => (typeof v === 'string' ? v : '');
  const oldExpiredBefore = s(old.expiresAt) !== '' && s(old.expiresAt) <= s(next.firstSeen);
  const firstSeen =
    oldExpiredBefore || s(old.firstSeen) === '' ? s(next.firstSeen) : [s(old.firstSeen), s(next.firstSeen)].sort()[0];
  const newer = s(next.lastSeen) >= s(old.lastSeen);
  const merged: Record<string, unknown> = { ...old, ...(newer ? next : {}), pk: old.pk, sk: old.sk, firstSeen };
  merged.lastSeen = newer ? next.lastSeen : old.lastSeen;
  const expiresLater = s(next.expiresAt) > s(old.expiresAt);
  merged.expiresAt = expiresLater ? next.expiresAt : old.expiresAt;
  merged.ttl = expiresLater ? next.ttl : old.ttl;
  delete merged.claimRunId;
  delete merged.claimLeaseUntil;
  delete merged.claimFindingId;
  return merged;
}

async function send<T>(ctx: StoreContext, operation: string, fn: () => Promise<T>): Promise<T> {
  return withRetry(
    () => {
      ctx.counter?.call(operation);
      // a write whose condition fails still consumes a write unit: count attempts, not successes
      if (operation === 'dynamodb:GetItem') ctx.counter?.itemsRead(1);
      else ctx.counter?.itemsWritten(1);
      return fn();
    },
    { operation, maxAttempts: ctx.maxAttempts ?? 8, sleep: ctx.sleep, random: ctx.random },
  );
}
