/** The per-account checkpoint: one item, moved only forward by a conditional PutItem. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Checkpoint } from '../../../engine/baseline/index.js';
import { withRetry } from '../shared/index.js';
import { isConditionFailed, type StoreContext } from './client.js';
import { checkpointFromItem, checkpointItem, checkpointKeyOf } from './items.js';

/** Reads the checkpoint (strongly consistent); undefined before the first run. */
export async function readCheckpoint(ctx: StoreContext, accountId: string): Promise<Checkpoint | undefined> {
  const response = await withRetry(
    () => {
      ctx.counter?.call('dynamodb:GetItem');
      ctx.counter?.itemsRead(1);
      return ctx.client.send(
        new GetCommand({ TableName: ctx.tableName, Key: checkpointKeyOf(accountId), ConsistentRead: true }),
      );
    },
    {
      operation: 'dynamodb:GetItem(checkpoint)',
      maxAttempts: ctx.maxAttempts ?? 8,
      sleep: ctx.sleep,
      random: ctx.random,
    },
  );
  return response.Item === undefined ? undefined : checkpointFromItem(response.Item);
}

/**
 * Writes the checkpoint unless the stored delivery position is later (an overlapping run got further);
 * returns false when it was not moved.
 */
export async function writeCheckpoint(ctx: StoreContext, checkpoint: Checkpoint): Promise<boolean> {
  const item = checkpointItem(checkpoint);
  try {
    await withRetry(
      () => {
        ctx.counter?.call('dynamodb:PutItem');
        ctx.counter?.itemsWritten(1);
        return ctx.client.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(#p) OR #p <= :p',
            ExpressionAttributeNames: { '#p': 'position' },
            ExpressionAttributeValues: { ':p': item.position },
          }),
        );
      },
      {
        operation: 'dynamodb:PutItem(checkpoint)',
        maxAttempts: ctx.maxAttempts ?? 8,
        sleep: ctx.sleep,
        random: ctx.random,
      },
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
