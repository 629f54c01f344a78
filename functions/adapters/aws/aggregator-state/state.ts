/**
 * The aggregator state on DynamoDB (layout in items.ts). Claims are conditional writes (so two
 * concurrent invocations never both alert); reads are paged BatchGetItem; bulk writes BatchWriteItem;
 * merges (alert deliveries, actor sightings, prevalence) UpdateItem on separate attributes, so
 * concurrent writers never lose each other's updates.
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  agentKeyOf,
  ClaimStatus,
  type ActorRecord,
  type AggregatorState,
  type AlertRecord,
  type HeartbeatInput,
  type HeartbeatRecord,
  type PrevalenceObservation,
  type PrevalenceView,
  type StateCommit,
} from '../../../engine/aggregate/index.js';
import { heartbeatFailed } from '../../../engine/findings/index.js';
import { AwsCallCounter, mapLimit, withRetry, type Sleep } from '../shared/index.js';
import { batchGet, batchWrite, type TableContext, type WriteRequest } from './batch.js';
import { accountsFromItem, alertFromItem, heartbeatFromItem, sightingsFromItem } from './codec.js';
import {
  accountAttr,
  actorKey,
  alertKey,
  deliveredAttr,
  epochSeconds,
  findingKey,
  HEARTBEAT_PK,
  iso,
  itemId,
  KNOWN_ACCOUNTS_KEY,
  prevalenceKey,
  principalHash,
} from './items.js';
import { pushTo } from '../../../engine/collections.js';

export interface DynamoAggregatorStateOptions {
  tableName: string;
  client?: Pick<DynamoDBDocumentClient, 'send'>;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  /** Parallel single-item writes (default 16). */
  concurrency?: number;
  /** A prevalence attribute younger than this is not rewritten (default 1 day). */
  refreshMs?: number;
}

const PRINCIPAL_CAP = 5000;

/** Builds a document client with the settings the state needs. */
export function stateDocumentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function isConditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException';
}

/** {@link AggregatorState} on one DynamoDB table. */
export class DynamoAggregatorState implements AggregatorState {
  readonly counter: AwsCallCounter;
  /** UpdateItem calls by purpose (claim, alert, sighting, prevalence), for the bench and the logs. */
  readonly updates: Record<'claim' | 'alert' | 'sighting' | 'prevalence' | 'heartbeat', number> = {
    claim: 0,
    alert: 0,
    sighting: 0,
    prevalence: 0,
    heartbeat: 0,
  };
  private readonly ctx: TableContext;
  private readonly concurrency: number;
  private readonly refreshMs: number;

  constructor(options: DynamoAggregatorStateOptions) {
    if (!options.tableName) throw new Error('DynamoAggregatorState needs a tableName');
    this.counter = options.counter ?? new AwsCallCounter();
    this.ctx = {
      client: options.client ?? stateDocumentClient(),
      tableName: options.tableName,
      counter: this.counter,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    };
    this.concurrency = options.concurrency ?? 16;
    this.refreshMs = options.refreshMs ?? 86_400_000;
  }

  private update(
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
    purpose: keyof DynamoAggregatorState['updates'],
  ): Promise<unknown> {
    this.updates[purpose] += 1;
    return withRetry(
      () => {
        this.counter.call('dynamodb:UpdateItem');
        this.counter.itemsWritten(1);
        return this.ctx.client.send(new UpdateCommand({ TableName: this.ctx.tableName, ...input }));
      },
      { operation: 'dynamodb:UpdateItem', ...(this.ctx.sleep ? { sleep: this.ctx.sleep } : {}) },
    );
  }

  async claimFindings(
    ids: readonly string[],
    owner: string,
    now: string,
    leaseUntil: string,
  ): Promise<Map<string, ClaimStatus>> {
    const out = new Map<string, ClaimStatus>();
    const lost: string[] = [];
    await mapLimit([...new Set(ids)], this.concurrency, async (id) => {
      try {
        await this.update(
          {
            Key: findingKey(id),
            UpdateExpression:
              'SET #owner = :owner, claimUntil = :lease, expiresAt = :lease, #ttl = :ttl REMOVE alertId',
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt <= :now OR (attribute_exists(claimUntil) AND (claimUntil <= :now OR #owner = :owner))',
            ExpressionAttributeNames: { '#owner': 'owner', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':owner': owner,
              ':lease': iso(leaseUntil),
              ':now': iso(now),
              ':ttl': epochSeconds(leaseUntil),
            },
          },
          'claim',
        );
        out.set(id, ClaimStatus.Claimed);
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        lost.push(id);
      }
    });
    if (lost.length > 0) {
      const items = await batchGet(this.ctx, lost.map(findingKey));
      for (const id of lost) {
        const item = items.get(itemId(findingKey(id)));
        const claimUntil = typeof item?.claimUntil === 'string' ? item.claimUntil : null;
        out.set(id, claimUntil !== null && claimUntil > iso(now) ? ClaimStatus.Busy : ClaimStatus.Seen);
      }
    }
    return out;
  }

  async getActors(keys: readonly string[]): Promise<Map<string, ActorRecord>> {
    const items = await batchGet(this.ctx, keys.map(actorKey));
    const out = new Map<string, ActorRecord>();
    for (const key of keys) {
      const item = items.get(itemId(actorKey(key)));
      if (item) out.set(key, { key, sightings: sightingsFromItem(item) });
    }
    return out;
  }

  async getAlerts(ids: readonly string[], now: string): Promise<Map<string, AlertRecord>> {
    const items = await batchGet(this.ctx, ids.map(alertKey));
    const out = new Map<string, AlertRecord>();
    for (const id of ids) {
      const item = items.get(itemId(alertKey(id)));
      const record =
        item && typeof item.expiresAt === 'string' && item.expiresAt > iso(now) ? alertFromItem(item) : undefined;
      if (record) out.set(id, record);
    }
    return out;
  }

  async getPrevalence(actions: readonly string[]): Promise<PrevalenceView> {
    const items = await batchGet(this.ctx, [KNOWN_ACCOUNTS_KEY, ...actions.map(prevalenceKey)]);
    const view: PrevalenceView = {
      actions: new Map(),
      knownAccounts: accountsFromItem(items.get(itemId(KNOWN_ACCOUNTS_KEY))),
    };
    for (const action of actions) {
      const item = items.get(itemId(prevalenceKey(action)));
      if (!item) continue;
      const ps = item.ps instanceof Set ? item.ps.size : Array.isArray(item.ps) ? item.ps.length : 0;
      view.actions.set(action, { action, accounts: accountsFromItem(item), principals: ps });
    }
    return view;
  }

  async addPrevalence(observations: readonly PrevalenceObservation[], expiresAt: string): Promise<void> {
    if (observations.length === 0) return;
    const byAction = new Map<string, PrevalenceObservation[]>();
    for (const o of observations) pushTo(byAction, o.action, o);
    const current = await batchGet(this.ctx, [KNOWN_ACCOUNTS_KEY, ...[...byAction.keys()].map(prevalenceKey)]);
    const stale = (stored: unknown, time: string): boolean =>
      typeof stored !== 'string' || Date.parse(time) - Date.parse(stored) >= this.refreshMs;

    const writes: Array<Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>> = [];
    for (const [action, obs] of byAction) {
      const item = current.get(itemId(prevalenceKey(action))) ?? {};
      const stored = item.ps instanceof Set ? (item.ps as Set<string>) : new Set<string>();
      const sets: string[] = [];
      const values: Record<string, unknown> = {};
      const names: Record<string, string> = { '#ttl': 'ttl' };
      obs.forEach((o, i) => {
        const attr = accountAttr('a_', o.account);
        if (!stale(item[attr], o.time) || values[`:t${attr}`] !== undefined) return;
        names[`#a${i}`] = attr;
        values[`:t${attr}`] = iso(o.time);
        sets.push(`#a${i} = :t${attr}`);
      });
      const principals = [
        ...new Set(obs.filter((o) => o.principalKey !== null).map((o) => principalHash(o.account, o.principalKey!))),
      ].filter((h) => !stored.has(h));
      const addPrincipals = principals.length > 0 && stored.size < PRINCIPAL_CAP;
      if (sets.length === 0 && !addPrincipals) continue;
      values[':ttl'] = epochSeconds(expiresAt);
      writes.push({
        Key: prevalenceKey(action),
        UpdateExpression: `SET ${[...sets, '#ttl = :ttl'].join(', ')}${addPrincipals ? ' ADD ps :ps' : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: addPrincipals ? { ...values, ':ps': new Set(principals) } : values,
      });
    }
    const known = current.get(itemId(KNOWN_ACCOUNTS_KEY)) ?? {};
    const accounts = new Map<string, string>();
    for (const o of observations)
      if (stale(known[accountAttr('a_', o.account)], o.time)) accounts.set(o.account, iso(o.time));
    if (accounts.size > 0) {
      const entries = [...accounts.entries()];
      writes.push({
        Key: KNOWN_ACCOUNTS_KEY,
        UpdateExpression: `SET ${entries.map((_, i) => `#a${i} = :a${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([a], i) => [`#a${i}`, accountAttr('a_', a)])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, t], i) => [`:a${i}`, t])),
      });
    }
    await mapLimit(writes, this.concurrency, (w) => this.update(w, 'prevalence'));
  }

  async commit(c: StateCommit): Promise<void> {
    // Alert delivery records first: if the invocation dies after this, a retry skips the sinks that already have them.
    await mapLimit(c.alerts, this.concurrency, (a) => this.writeAlert(a, c.alertExpiresAt));
    const requests: WriteRequest[] = [
      ...c.seen.map(({ findingId, alertId }) => ({
        PutRequest: {
          Item: {
            ...findingKey(findingId),
            alertId,
            expiresAt: iso(c.seenExpiresAt),
            ttl: epochSeconds(c.seenExpiresAt),
          },
        },
      })),
      ...c.release.map((id) => ({ DeleteRequest: { Key: { ...findingKey(id) } } })),
    ];
    await batchWrite(this.ctx, requests);
    const byKey = new Map<string, StateCommit['sightings']>();
    for (const s of c.sightings) pushTo(byKey, s.key, s);
    await mapLimit([...byKey.entries()], this.concurrency, ([key, sightings]) => {
      const latest = new Map(sightings.map((s) => [s.sighting.account, s]));
      const entries = [...latest.values()];
      const ttl = Math.max(...entries.map((s) => epochSeconds(s.expiresAt)));
      return this.update(
        {
          Key: actorKey(key),
          UpdateExpression: `SET ${entries.map((_, i) => `#s${i} = :s${i}`).join(', ')}, #ttl = :ttl`,
          ExpressionAttributeNames: {
            '#ttl': 'ttl',
            ...Object.fromEntries(entries.map((s, i) => [`#s${i}`, accountAttr('s_', s.sighting.account)])),
          },
          ExpressionAttributeValues: {
            ':ttl': ttl,
            ...Object.fromEntries(entries.map((s, i) => [`:s${i}`, { ...s.sighting }])),
          },
        },
        'sighting',
      );
    });
  }

  private writeAlert(a: AlertRecord, expiresAt: string): Promise<unknown> {
    const delivered = a.delivered[a.revision] ?? [];
    const names: Record<string, string> = { '#ttl': 'ttl', '#kind': 'kind', '#values': 'values' };
    const values: Record<string, unknown> = {
      ':id': a.id,
      ':kind': a.kind,
      ':rev': a.revision,
      ':first': a.firstCreatedAt,
      ':upd': a.updatedAt,
      ':sev': a.severity,
      ':score': a.score,
      ':acc': a.accounts,
      ':vals': a.values,
      ':fids': a.findingIds,
      ':exp': iso(expiresAt),
      ':ttl': epochSeconds(expiresAt),
    };
    let add = '';
    if (delivered.length > 0) {
      names['#d'] = deliveredAttr(a.revision);
      values[':d'] = new Set(delivered);
      add = ' ADD #d :d';
    }
    return this.update(
      {
        Key: alertKey(a.id),
        UpdateExpression:
          'SET alertId = :id, #kind = :kind, revision = :rev, firstCreatedAt = if_not_exists(firstCreatedAt, :first), updatedAt = :upd, ' +
          `severity = :sev, score = :score, accounts = :acc, #values = :vals, findingIds = :fids, expiresAt = :exp, #ttl = :ttl${add}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
      'alert',
    );
  }

  /**
   * One UpdateItem per heartbeat, keyed by agent (account and region): the failure streak and the last good run
   * are counted in the update itself, the version's start is kept while the version stays (a second update,
   * only when it changed), and a heartbeat older than the stored one is dropped.
   */
  async putHeartbeats(records: readonly HeartbeatInput[], expiresAt: string): Promise<void> {
    await mapLimit(records, this.concurrency, async (r) => {
      const failed = heartbeatFailed(r.heartbeat);
      const values: Record<string, unknown> = {
        ':acct': r.accountId,
        ':r': iso(r.receivedAt),
        ':hb': r.heartbeat,
        ':ttl': epochSeconds(expiresAt),
        ':v': r.heartbeat.agentVersion ?? '',
        ':zero': 0,
      };
      const sets = ['accountId = :acct', 'receivedAt = :r', 'heartbeat = :hb', '#ttl = :ttl', 'agentVersion = :v'];
      if (failed) {
        sets.push(
          'failedInARow = if_not_exists(failedInARow, :zero) + :one',
          'lastOkAt = if_not_exists(lastOkAt, :none)',
        );
        values[':one'] = 1;
        values[':none'] = null;
      } else sets.push('failedInARow = :zero', 'lastOkAt = :r');
      if (r.heartbeat.watermark) {
        sets.push('watermark = :wm');
        values[':wm'] = r.heartbeat.watermark;
      }
      const write = (extra: string, condition: string) =>
        this.update(
          {
            Key: { pk: HEARTBEAT_PK, sk: agentKeyOf(r.heartbeat) },
            UpdateExpression: `SET ${[...sets, ...(extra ? [extra] : [])].join(', ')}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: values,
          },
          'heartbeat',
        );
      try {
        await write('', 'agentVersion = :v AND receivedAt <= :r');
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        // A new agent, a new version, or a newer heartbeat already stored (then this one is dropped).
        await write('versionSince = :r', 'attribute_not_exists(receivedAt) OR receivedAt <= :r').catch((e: unknown) => {
          if (!isConditionFailed(e)) throw e;
        });
      }
    });
  }

  async listHeartbeats(): Promise<HeartbeatRecord[]> {
    const out: HeartbeatRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const exclusive = start;
      const page = await withRetry(
        () => {
          this.counter.call('dynamodb:Query');
          return this.ctx.client.send(
            new QueryCommand({
              TableName: this.ctx.tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': HEARTBEAT_PK },
              ExclusiveStartKey: exclusive,
            }),
          );
        },
        { operation: 'dynamodb:Query' },
      );
      for (const item of page.Items ?? []) {
        const record = heartbeatFromItem(item);
        if (record) out.push(record);
      }
      this.counter.itemsRead(page.Items?.length ?? 0);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
