import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { entryId, type BaselineEntry, type EntryKey } from '../../../../../functions/engine/baseline/index.js';
import {
  DynamoBaselineStore,
  documentClient,
  type DocumentSender,
} from '../../../../../functions/adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../../../../../functions/adapters/aws/shared/index.js';
import { startDynalite, type LocalDynamo } from '../../../../support/dynalite.js';

const ACCOUNT = '111122223333';
const ROLE = 'arn:aws:iam::111122223333:role/Deployer';
const noSleep = async (): Promise<void> => {};
let dynamo: LocalDynamo;
let tableCount = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

async function newStore(
  client?: DocumentSender,
  counter?: AwsCallCounter,
): Promise<{ store: DynamoBaselineStore; table: string }> {
  tableCount += 1;
  const table = `baseline-${tableCount}`;
  await dynamo.createTable(table);
  return {
    store: new DynamoBaselineStore({
      tableName: table,
      client: client ?? documentClient(dynamo.client()),
      sleep: noSleep,
      counter,
    }),
    table,
  };
}

function entry(value: string, over: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    principalKey: ROLE,
    dimension: 'action',
    value,
    firstSeen: '2026-11-20T10:00:00.000Z',
    lastSeen: '2026-11-20T10:00:00.000Z',
    expiresAt: '2027-02-18T10:00:00.000Z',
    ...over,
  };
}

const claimed = (e: BaselineEntry, runId: string, leaseUntil = '2026-11-20T11:00:00.000Z'): BaselineEntry => ({
  ...e,
  claim: { runId, leaseUntil, findingId: 'a'.repeat(32) },
});
const keyOf = (e: BaselineEntry): EntryKey => ({
  principalKey: e.principalKey,
  dimension: e.dimension,
  value: e.value,
});

describe('DynamoBaselineStore claims', () => {
  it('lets exactly one of two concurrent runs claim each new entry', async () => {
    const { store: a, table } = await newStore();
    const b = new DynamoBaselineStore({ tableName: table, client: documentClient(dynamo.client()), sleep: noSleep });
    const values = Array.from({ length: 40 }, (_, i) => `iam.amazonaws.com:Action${i}`);
    const now = '2026-11-20T10:05:00Z';

    const [ra, rb] = await Promise.all([
      a.claim(
        ACCOUNT,
        values.map((v) => claimed(entry(v), 'run-a')),
        now,
      ),
      b.claim(
        ACCOUNT,
        values.map((v) => claimed(entry(v), 'run-b')),
        now,
      ),
    ]);

    expect(ra.claimed.length + rb.claimed.length).toBe(values.length);
    expect(ra.lost.length + rb.lost.length).toBe(values.length);
    const winners = new Set([...ra.claimed, ...rb.claimed].map((k) => k.value));
    expect(winners.size).toBe(values.length);
  });

  it('refuses a live claim of another run and takes over a lapsed one', async () => {
    const { store } = await newStore();
    const e = entry('s3.amazonaws.com:PutBucketPolicy');
    await store.claim(ACCOUNT, [claimed(e, 'crashed-run', '2026-11-20T10:15:00Z')], '2026-11-20T10:05:00Z');

    const whileLive = await store.claim(ACCOUNT, [claimed(e, 'next-run')], '2026-11-20T10:10:00Z');
    const afterLapse = await store.claim(
      ACCOUNT,
      [claimed(e, 'next-run', '2026-11-20T10:40:00Z')],
      '2026-11-20T10:20:00Z',
    );

    expect(whileLive).toEqual({ claimed: [], lost: [keyOf(e)] });
    expect(afterLapse).toEqual({ claimed: [keyOf(e)], lost: [] });
    const stored = (await store.getEntries(ACCOUNT, [keyOf(e)])).get(entryId(keyOf(e)));
    expect(stored?.claim?.runId).toBe('next-run');
  });

  it('lets the same run claim again (a retried call) but nobody claim a known entry', async () => {
    const { store } = await newStore();
    const e = entry('ec2.amazonaws.com:RunInstances');
    await store.claim(ACCOUNT, [claimed(e, 'run-1')], '2026-11-20T10:05:00Z');
    const again = await store.claim(ACCOUNT, [claimed(e, 'run-1')], '2026-11-20T10:06:00Z');
    await store.commit(ACCOUNT, { principals: [], entries: [e] });
    const afterCommit = await store.claim(
      ACCOUNT,
      [claimed(e, 'run-2', '2026-11-21T00:00:00Z')],
      '2026-11-20T12:00:00Z',
    );

    expect(again.claimed).toHaveLength(1);
    expect(afterCommit.lost).toHaveLength(1);
    const stored = (await store.getEntries(ACCOUNT, [keyOf(e)])).get(entryId(keyOf(e)));
    expect(stored?.claim).toBeUndefined();
  });

  it('returns an expired entry that TTL has not deleted yet, with its expiresAt, and lets it be claimed', async () => {
    const { store, table } = await newStore();
    const old = entry('kms.amazonaws.com:ScheduleKeyDeletion', {
      firstSeen: '2026-01-01T00:00:00Z',
      lastSeen: '2026-01-01T00:00:00Z',
      expiresAt: '2026-04-01T00:00:00Z',
    });
    await store.commit(ACCOUNT, { principals: [], entries: [old] });

    const got = (await store.getEntries(ACCOUNT, [keyOf(old)])).get(entryId(keyOf(old)));
    const result = await store.claim(ACCOUNT, [claimed(entry(old.value), 'run-9')], '2026-11-20T10:05:00Z');

    const raw = await documentClient(dynamo.client()).send(
      new GetCommand({ TableName: table, Key: { pk: `P#${ACCOUNT}#${ROLE}`, sk: `E#action#${old.value}` } }),
    );

    expect(got?.expiresAt).toBe('2026-04-01T00:00:00.000Z');
    expect(raw.Item?.ttl).toBe(Date.parse('2026-04-01T00:00:00Z') / 1000);
    expect(result.claimed).toHaveLength(1);
  });
});

describe('DynamoBaselineStore commit', () => {
  it('is idempotent and never moves firstSeen later nor lastSeen earlier', async () => {
    const { store } = await newStore();
    const e = entry('sts.amazonaws.com:AssumeRole', {
      firstSeen: '2026-11-10T00:00:00Z',
      lastSeen: '2026-11-15T00:00:00Z',
      expiresAt: '2027-02-13T00:00:00Z',
    });
    await store.commit(ACCOUNT, { principals: [], entries: [e] });
    await store.commit(ACCOUNT, { principals: [], entries: [e] });
    // an older observation (a backfill after live runs): earlier firstSeen, earlier lastSeen
    await store.commit(ACCOUNT, {
      principals: [],
      entries: [
        {
          ...e,
          firstSeen: '2026-09-01T00:00:00Z',
          lastSeen: '2026-09-02T00:00:00Z',
          expiresAt: '2026-12-01T00:00:00Z',
        },
      ],
    });
    // a refresh: later lastSeen
    await store.commit(ACCOUNT, {
      principals: [],
      entries: [
        {
          ...e,
          firstSeen: '2026-11-20T00:00:00Z',
          lastSeen: '2026-11-20T00:00:00Z',
          expiresAt: '2027-02-18T00:00:00Z',
        },
      ],
    });

    const got = (await store.getEntries(ACCOUNT, [keyOf(e)])).get(entryId(keyOf(e)));
    expect(got).toMatchObject({
      firstSeen: '2026-09-01T00:00:00.000Z',
      lastSeen: '2026-11-20T00:00:00.000Z',
      expiresAt: '2027-02-18T00:00:00.000Z',
    });
  });

  it('starts firstSeen again when the stored entry had expired before the new observation', async () => {
    const { store } = await newStore();
    const e = entry('iam.amazonaws.com:CreateUser', {
      firstSeen: '2025-01-01T00:00:00Z',
      lastSeen: '2025-01-02T00:00:00Z',
      expiresAt: '2025-04-02T00:00:00Z',
    });
    await store.commit(ACCOUNT, { principals: [], entries: [e] });
    await store.commit(ACCOUNT, { principals: [], entries: [entry(e.value)] });

    const got = (await store.getEntries(ACCOUNT, [keyOf(e)])).get(entryId(keyOf(e)));
    expect(got?.firstSeen).toBe('2026-11-20T10:00:00.000Z');
  });

  it('writes one item per entry when nothing conflicts, and principals with their learning start', async () => {
    const counter = new AwsCallCounter();
    const { store } = await newStore(undefined, counter);
    const entries = Array.from({ length: 30 }, (_, i) => entry(`ec2.amazonaws.com:Describe${i}`));
    const principal = {
      principalKey: ROLE,
      type: 'AssumedRole',
      arn: ROLE,
      name: 'Deployer',
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-20T10:00:00Z',
      expiresAt: '2027-11-20T10:00:00Z',
    };

    await store.commit(ACCOUNT, { principals: [principal], entries });
    const principals = await store.getPrincipals(ACCOUNT, [ROLE, 'arn:aws:iam::111122223333:role/Unknown']);

    // 30 entries + 1 principal + 1 ADD to the principal's knownValues
    expect(counter.snapshot().calls['dynamodb:UpdateItem']).toBe(32);
    expect(counter.snapshot().calls['dynamodb:PutItem'] ?? 0).toBe(0);
    expect([...principals.keys()]).toEqual([ROLE]);
    expect(principals.get(ROLE)).toMatchObject({
      firstSeen: '2026-11-01T00:00:00.000Z',
      name: 'Deployer',
      arn: ROLE,
      knownValues: 30,
    });
  });
});

describe('DynamoBaselineStore keys', () => {
  it('stores values longer than DynamoDB key limits under their hash, and reads them back', async () => {
    const { store } = await newStore();
    const longPrincipal = `saml:arn:aws:iam::111122223333:saml-provider/Okta:${'u'.repeat(3000)}`;
    const e = entry(`user-agent-family:${'Mozilla/5.0 '.repeat(200)}`, {
      principalKey: longPrincipal,
      dimension: 'userAgent',
    });

    await store.commit(ACCOUNT, { principals: [], entries: [e] });
    const claim = await store.claim(
      ACCOUNT,
      [claimed(entry('x:Y', { principalKey: longPrincipal }), 'r1')],
      '2026-11-20T10:05:00Z',
    );
    const got = (await store.getEntries(ACCOUNT, [keyOf(e)])).get(entryId(keyOf(e)));

    expect(got?.value).toBe(e.value);
    expect(got?.principalKey).toBe(longPrincipal);
    expect(claim.claimed).toHaveLength(1);
  });
});

describe('DynamoBaselineStore knownValues', () => {
  it('counts the entries that became known per principal, once each (claimed, learned or re-learned after expiry)', async () => {
    const { store } = await newStore();
    const principal = {
      principalKey: ROLE,
      type: 'AssumedRole',
      arn: ROLE,
      name: 'Deployer',
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-20T10:00:00Z',
      expiresAt: '2027-11-20T10:00:00Z',
    };
    const first = Array.from({ length: 5 }, (_, i) => entry(`ec2.amazonaws.com:Op${i}`));
    const claimedOne = entry('iam.amazonaws.com:CreateUser');
    const expired = entry('kms.amazonaws.com:Decrypt', {
      firstSeen: '2025-01-01T00:00:00Z',
      lastSeen: '2025-01-01T00:00:00Z',
      expiresAt: '2025-04-01T00:00:00Z',
    });

    await store.commit(ACCOUNT, { principals: [principal], entries: [...first, expired] });
    await store.commit(ACCOUNT, { principals: [], entries: first }); // a rerun: nothing new
    await store.claim(ACCOUNT, [claimed(claimedOne, 'run-1')], '2026-11-20T10:05:00Z');
    await store.commit(ACCOUNT, { principals: [], entries: [claimedOne, entry(expired.value)] });

    expect((await store.getPrincipals(ACCOUNT, [ROLE])).get(ROLE)?.knownValues).toBe(8);
  });
});

describe('DynamoBaselineStore reads', () => {
  it('reads more than 100 keys in pages of 100 and retries UnprocessedKeys until all are read', async () => {
    const inner = documentClient(dynamo.client());
    const batchSizes: number[] = [];
    let injected = 0;
    // Like DynamoDB under load: every first attempt of a page processes only a third of its keys.
    const flaky: DocumentSender = {
      send: (async (command: unknown) => {
        if (command instanceof BatchGetCommand) {
          const [table, request] = Object.entries(command.input.RequestItems ?? {})[0]!;
          const keys = request.Keys ?? [];
          batchSizes.push(keys.length);
          if (keys.length > 10) {
            const cut = Math.floor(keys.length / 3);
            injected += keys.length - cut;
            const response = await inner.send(
              new BatchGetCommand({ RequestItems: { [table]: { ...request, Keys: keys.slice(0, cut) } } }),
            );
            return { ...response, UnprocessedKeys: { [table]: { Keys: keys.slice(cut) } } };
          }
        }
        return inner.send(command as never);
      }) as DocumentSender['send'],
    };
    const { store } = await newStore(flaky);
    const entries = Array.from({ length: 250 }, (_, i) => entry(`s3.amazonaws.com:Op${i}`));
    await store.commit(ACCOUNT, { principals: [], entries });

    const keys = [...entries.map(keyOf), keyOf(entries[0]!), keyOf(entry('s3.amazonaws.com:Never'))];
    const got = await store.getEntries(ACCOUNT, keys);

    expect(got.size).toBe(250);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(100);
    expect(injected).toBeGreaterThan(0);
  });

  it('retries a throttled BatchGetItem', async () => {
    const inner = documentClient(dynamo.client());
    let throttles = 1;
    const throttled: DocumentSender = {
      send: (async (command: unknown) => {
        if (command instanceof BatchGetCommand && throttles > 0) {
          throttles -= 1;
          throw Object.assign(new Error('Rate exceeded'), {
            name: 'ProvisionedThroughputExceededException',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return inner.send(command as never);
      }) as DocumentSender['send'],
    };
    const { store } = await newStore(throttled);
    const e = entry('sns.amazonaws.com:Publish');
    await store.commit(ACCOUNT, { principals: [], entries: [e] });

    const got = await store.getEntries(ACCOUNT, [keyOf(e)]);

    expect(got.size).toBe(1);
    expect(throttles).toBe(0);
  });
});

describe('DynamoBaselineStore checkpoint', () => {
  it('never moves the delivery position backwards', async () => {
    const { store } = await newStore();
    const cp = (position: string, runId: string) => ({
      accountId: ACCOUNT,
      delivered: { '*': position },
      watermark: position,
      updatedAt: '2026-11-20T12:00:00Z',
      runId,
    });

    const before = await store.getCheckpoint(ACCOUNT);
    await store.putCheckpoint(cp('2026-11-20T11:00:00Z', 'r1'));
    await store.putCheckpoint(cp('2026-11-20T10:00:00Z', 'r0-late'));
    await store.putCheckpoint(cp('2026-11-20T11:00:00Z', 'r1-again'));
    const after = await store.getCheckpoint(ACCOUNT);

    expect(before).toBeUndefined();
    expect(after?.delivered).toEqual({ '*': '2026-11-20T11:00:00.000Z' });
    expect(after?.watermark).toBe('2026-11-20T11:00:00.000Z');
    expect(after?.runId).toBe('r1-again');
    expect(store.checkpointRefusals).toBe(1);
  });
});
