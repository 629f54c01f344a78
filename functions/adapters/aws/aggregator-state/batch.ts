/**
 * BatchGetItem in pages of 100 and BatchWriteItem in pages of 25, with UnprocessedKeys /
 * UnprocessedItems retried with jittered backoff until none remain.
 * @module
 */
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  backoffDelay,
  chunk,
  realSleep,
  RetriesExhaustedError,
  withRetry,
  type AwsCallCounter,
  type Sleep,
} from '../shared/index.js';
import { itemId, type ItemKey } from './items.js';

/** What the batch helpers need. */
export interface TableContext {
  client: Pick<DynamoDBDocumentClient, 'send'>;
  tableName: string;
  counter: AwsCallCounter;
  sleep?: Sleep;
  maxAttempts?: number;
}

/** Reads every key (strongly consistent); returns found items by {@link itemId}. */
export async function batchGet(
  ctx: TableContext,
  keys: readonly ItemKey[],
): Promise<Map<string, Record<string, unknown>>> {
  const unique = new Map(keys.map((k) => [itemId(k), { pk: k.pk, sk: k.sk }]));
  const found = new Map<string, Record<string, unknown>>();
  const maxAttempts = ctx.maxAttempts ?? 8;
  for (const page of chunk([...unique.values()], 100)) {
    let pending: Record<string, unknown>[] = page;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= maxAttempts)
        throw new RetriesExhaustedError(
          'dynamodb:BatchGetItem',
          round,
          new Error(`${pending.length} key(s) unprocessed`),
        );
      if (round > 0) await (ctx.sleep ?? realSleep)(backoffDelay(round - 1, { baseMs: 50, capMs: 2000 }));
      const request = pending;
      const response = await withRetry(
        () => {
          ctx.counter.call('dynamodb:BatchGetItem');
          return ctx.client.send(
            new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: request, ConsistentRead: true } } }),
          );
        },
        { operation: 'dynamodb:BatchGetItem', maxAttempts, ...(ctx.sleep ? { sleep: ctx.sleep } : {}) },
      );
      const items = response.Responses?.[ctx.tableName] ?? [];
      ctx.counter.itemsRead(items.length);
      for (const item of items) found.set(itemId(item as unknown as ItemKey), item);
      pending = (response.UnprocessedKeys?.[ctx.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** One write of a BatchWriteItem. */
export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** Writes everything in pages of 25 (duplicates by key: the last one wins). */
export async function batchWrite(ctx: TableContext, requests: readonly WriteRequest[]): Promise<void> {
  const byKey = new Map<string, WriteRequest>();
  for (const r of requests) {
    const key = ('PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key) as unknown as ItemKey;
    byKey.set(itemId(key), r);
  }
  const maxAttempts = ctx.maxAttempts ?? 8;
  for (const page of chunk([...byKey.values()], 25)) {
    let pending: WriteRequest[] = page;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= maxAttempts)
        throw new RetriesExhaustedError(
          'dynamodb:BatchWriteItem',
          round,
          new Error(`${pending.length} item(s) unprocessed`),
        );
      if (round > 0) await (ctx.sleep ?? realSleep)(backoffDelay(round - 1, { baseMs: 50, capMs: 2000 }));
      const request = pending;
      const response = await withRetry(
        () => {
          ctx.counter.call('dynamodb:BatchWriteItem');
          return ctx.client.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: request } }));
        },
        { operation: 'dynamodb:BatchWriteItem', maxAttempts, ...(ctx.sleep ? { sleep: ctx.sleep } : {}) },
      );
      const left = (response.UnprocessedItems?.[ctx.tableName] ?? []) as WriteRequest[];
      ctx.counter.itemsWritten(request.length - left.length);
      pending = left;
    }
  }
}
