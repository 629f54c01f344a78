/** Window-rule states: one item per rule and actor, read in batches, written (replaced) after the findings were published. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { WindowState } from '../../../engine/baseline/index.js';
import { mapLimit, withRetry } from '../shared/index.js';
import { batchGetAll, itemId } from './batch-get.js';
import type { StoreContext } from './client.js';
import { windowStateFromItem, windowStateItem, windowStateKeyOf } from './items.js';

/** The stored states of `keys` (absent keys: nothing stored, or expired). */
export async function readWindowStates(
  ctx: StoreContext,
  accountId: string,
  keys: readonly string[],
): Promise<Map<string, WindowState>> {
  const out = new Map<string, WindowState>();
  if (keys.length === 0) return out;
  const items = await batchGetAll(
    ctx,
    keys.map((k) => windowStateKeyOf(accountId, k)),
    false,
  );
  for (const key of keys) {
    const item = items.get(itemId(windowStateKeyOf(accountId, key)));
    const state = item === undefined ? undefined : windowStateFromItem(item);
    if (state !== undefined && state.key === key) out.set(key, state);
  }
  return out;
}

/** Stores the states (each replaces the stored one: a state only grows from what was read). */
export async function writeWindowStates(
  ctx: StoreContext,
  accountId: string,
  states: readonly WindowState[],
): Promise<void> {
  await mapLimit(states, ctx.concurrency ?? 16, (state) =>
    withRetry(
      () => {
        ctx.counter?.call('dynamodb:PutItem');
        ctx.counter?.itemsWritten(1);
        return ctx.client.send(new PutCommand({ TableName: ctx.tableName, Item: windowStateItem(accountId, state) }));
      },
      {
        operation: 'dynamodb:PutItem(window)',
        maxAttempts: ctx.maxAttempts ?? 8,
        sleep: ctx.sleep,
        random: ctx.random,
      },
    ),
  );
}
