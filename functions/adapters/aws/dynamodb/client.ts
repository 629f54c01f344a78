/** The slice of the DynamoDB document client the store uses: anything with `send` (tests wrap it). */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCallCounter, Sleep } from '../shared/index.js';

/** A document client, or a wrapper around one. */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/** What every store operation needs. */
export interface StoreContext {
  client: DocumentSender;
  tableName: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  random?: () => number;
  /** Attempts for throttled calls and for UnprocessedKeys rounds (default 8). */
  maxAttempts?: number;
  /** Parallel single-item writes (default 16). */
  concurrency?: number;
  /** Read entries strongly consistent (default false: half the read cost; principals and the checkpoint always are). */
  consistentEntryReads?: boolean;
}

/** True for a failed condition expression (the normal outcome of a lost race). */
export function isConditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}
