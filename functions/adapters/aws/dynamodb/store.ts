/**
 * The DynamoDB adapter of the BaselineStore port. See `items.ts` for the single-table layout,
 * `claim.ts` for the atomic first-seen decision and `commit.ts` for the monotonic merge.
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  entryId,
  type BaselineCommit,
  type BaselineEntry,
  type BaselineStore,
  type Checkpoint,
  type ClaimResult,
  type EntryKey,
  type PrincipalRecord,
  type WindowState,
} from '../../../engine/baseline/index.js';
import type { AwsCallCounter, Sleep } from '../shared/index.js';
import { batchGetAll, itemId } from './batch-get.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { claimEntries } from './claim.js';
import type { DocumentSender, StoreContext } from './client.js';
import { commitBaseline } from './commit.js';
import { entryFromItem, entryKeyOf, principalFromItem, principalKeyOf } from './items.js';
import { readWindowStates, writeWindowStates } from './window-states.js';

/** Options of {@link DynamoBaselineStore}. */
export interface DynamoBaselineStoreOptions {
  tableName: string;
  /** A document client (or wrapper); default: a new one for the Lambda's region. */
  client?: DocumentSender;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  random?: () => number;
  maxAttempts?: number;
  concurrency?: number;
  /** Read entries strongly consistent (default false). */
  consistentEntryReads?: boolean;
}

/** Wraps a low-level client in a document client that drops undefined values. */
export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** BaselineStore on one DynamoDB table (pk/sk strings, TTL attribute `ttl`). */
export class DynamoBaselineStore implements BaselineStore {
  private readonly ctx: StoreContext;
  /** Times the checkpoint write was refused because the stored watermark was later. */
  checkpointRefusals = 0;

  constructor(options: DynamoBaselineStoreOptions) {
    if (!options.tableName) throw new Error('DynamoBaselineStore needs a tableName');
    this.ctx = { ...options, client: options.client ?? documentClient() };
  }

  async getPrincipals(accountId: string, principalKeys: readonly string[]): Promise<Map<string, PrincipalRecord>> {
    const keys = principalKeys.map((k) => principalKeyOf(accountId, k));
    const items = await batchGetAll(this.ctx, keys);
    const out = new Map<string, PrincipalRecord>();
    for (const key of principalKeys) {
      const item = items.get(itemId(principalKeyOf(accountId, key)));
      const record = item === undefined ? undefined : principalFromItem(item);
      if (record !== undefined) out.set(key, record);
    }
    return out;
  }

  async getEntries(accountId: string, keys: readonly EntryKey[]): Promise<Map<string, BaselineEntry>> {
    // Eventually consistent is safe here: a stale "absent" or "claimed" only leads to a claim attempt
    // whose condition fails (no duplicate finding), and entries never go from known back to unknown early.
    const items = await batchGetAll(
      this.ctx,
      keys.map((k) => entryKeyOf(accountId, k)),
      this.ctx.consistentEntryReads ?? false,
    );
    const out = new Map<string, BaselineEntry>();
    for (const key of keys) {
      const item = items.get(itemId(entryKeyOf(accountId, key)));
      const entry = item === undefined ? undefined : entryFromItem(item);
      if (entry !== undefined) out.set(entryId(key), entry);
    }
    return out;
  }

  claim(accountId: string, entries: readonly BaselineEntry[], now: string): Promise<ClaimResult> {
    return claimEntries(this.ctx, accountId, entries, now);
  }

  async commit(accountId: string, commit: BaselineCommit): Promise<void> {
    await commitBaseline(this.ctx, accountId, commit);
    await writeWindowStates(this.ctx, accountId, commit.windowStates ?? []);
  }

  getWindowStates(accountId: string, keys: readonly string[]): Promise<Map<string, WindowState>> {
    return readWindowStates(this.ctx, accountId, keys);
  }

  getCheckpoint(accountId: string): Promise<Checkpoint | undefined> {
    return readCheckpoint(this.ctx, accountId);
  }

  async putCheckpoint(checkpoint: Checkpoint): Promise<void> {
    if (!(await writeCheckpoint(this.ctx, checkpoint))) this.checkpointRefusals += 1;
  }
}
