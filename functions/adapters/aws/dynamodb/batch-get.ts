/**
 * BatchGetItem over any number of keys: pages of 100 (the API limit), duplicate keys removed (the
 * API rejects them), UnprocessedKeys retried with jittered backoff until none remain.
 * @module
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoffDelay, chunk, realSleep, RetriesExhaustedError, withRetry } from '../shared/index.js';
import type { StoreContext } from './client.js';
import type { ItemKey } from './items.js';

/** BatchGetItem accepts at most 100 keys per call. */
export const BATCH_GET_LIMIT = 100;

/**
 * Reads every key and returns the items found, by `pk\u0000sk`. `consistent` reads cost twice as much;
 * entries can be read eventually consistent because the claim's condition, not the read, decides.
 */
export async function batchGetAll(
  ctx: StoreContext,
  keys: readonly ItemKey[],
  consistent = true,
): Promise<Map<string, Record<string, unknown>>> {
  const unique = new Map<string, ItemKey>();
  for (const key of keys) unique.set(itemId(key), { pk: key.pk, sk: key.sk });
  const found = new Map<string, Record<string, unknown>>();
  const maxAttempts = ctx.maxAttempts ?? 8;
  const sleep = ctx.sleep ?? realSleep;

  for (const page of chunk([...unique.values()], BATCH_GET_LIMIT)) {
    let pending: Record<string, unknown>[] = page.map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= maxAttempts) {
        throw new RetriesExhaustedError(
          'dynamodb:BatchGetItem',
          round,
          new Error(`${pending.length} key(s) still unprocessed`),
        );
      }
      if (round > 0) await sleep(backoffDelay(round - 1, { baseMs: 50, capMs: 2000, random: ctx.random }));
      const request = pending;
      const response = await withRetry(
        () => {
          ctx.counter?.call('dynamodb:BatchGetItem');
          // missing keys are billed too (one read unit each strongly consistent, half eventually)
          ctx.counter?.itemsRead(consistent ? request.length : request.length / 2);
          return ctx.client.send(
            new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: request, ConsistentRead: consistent } } }),
          );
        },
        { operation: 'dynamodb:BatchGetItem', maxAttempts, sleep, random: ctx.random },
      );
      const items = response.Responses?.[ctx.tableName] ?? [];
      for (const item of items) found.set(itemId(item as unknown as ItemKey), item);
      pending = (response.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** The map key of an item: its primary key. */
export function itemId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
