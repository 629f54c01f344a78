/**
 * Crash at each step of the run protocol, with the real adapters: DynamoDB (dynalite on loopback),
 * EventBridge (SDK mock), and a fixed ActivitySource. After the crash a second run starts; every
 * finding must have been published at least once (the aggregator dedups by id), every entry must be
 * known without a claim, and the checkpoint must cover the whole range.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DynamoBaselineStore,
  documentClient,
  type DocumentSender,
} from '../../../functions/adapters/aws/dynamodb/index.js';
import { EventBridgeFindingBus } from '../../../functions/adapters/aws/eventbridge/index.js';
import { DEFAULT_DETECTION_CONFIG } from '../../../functions/engine/config/index.js';
import { runAccount } from '../../../functions/engine/detect/index.js';
import { entryId, Dimension } from '../../../functions/engine/baseline/index.js';
import { firstSeenFindingId, type FindingBatch, type FindingBus } from '../../../functions/engine/findings/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT, activityRow, failingOnce, RowsSource, rangeTo } from './stand-ins.js';

const BUS = 'arn:aws:events:us-east-1:999988887777:event-bus/ct-anomaly';
const eb = mockClient(EventBridgeClient);
const noSleep = async (): Promise<void> => {};
const config = { ...DEFAULT_DETECTION_CONFIG, learningDays: 0 };
const ROWS = [
  activityRow('Deployer', 'iam.amazonaws.com:CreateUser', '2026-11-20T09:10:00Z'),
  activityRow('Deployer', 's3.amazonaws.com:PutBucketPolicy', '2026-11-20T09:20:00Z'),
  activityRow('Builder', 'ec2.amazonaws.com:RunInstances', '2026-11-20T09:40:00Z'),
  activityRow('Deployer', 'kms.amazonaws.com:ScheduleKeyDeletion', '2026-11-20T10:05:00Z'),
  activityRow('Builder', 'iam.amazonaws.com:AttachRolePolicy', '2026-11-20T10:30:00Z'),
  activityRow('Deployer', 'iam.amazonaws.com:CreateUser', '2026-11-20T11:15:00Z'),
  activityRow('Builder', 'lambda.amazonaws.com:UpdateFunctionCode', '2026-11-20T11:45:00Z'),
];
const EXPECTED = [...new Set(ROWS.map((r) => firstSeenFindingId(ACCOUNT, r.principalKey, Dimension.Action, r.action)))];
const NOW_1 = '2026-11-20T12:20:00.000Z';
const UNTIL_1 = '2026-11-20T12:05:00.000Z';

let dynamo: LocalDynamo;
let tables = 0;
let published: string[];

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
beforeEach(() => {
  eb.reset();
  published = [];
  eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    for (const e of input.Entries ?? []) {
      if (e.DetailType === 'Anomaly Finding')
        published.push(...(JSON.parse(e.Detail!) as FindingBatch).findings.map((f) => f.id));
    }
    return { FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e${i}` })) };
  });
});

async function newTable(): Promise<string> {
  tables += 1;
  await dynamo.createTable(`crash-${tables}`);
  return `crash-${tables}`;
}

const bus = (): EventBridgeFindingBus =>
  new EventBridgeFindingBus({
    busArn: BUS,
    client: new EventBridgeClient({ region: 'us-east-1' }),
    sleep: noSleep,
    maxAttempts: 2,
  });

function run(
  table: string,
  client: DocumentSender,
  runId: string,
  now: string,
  until: string,
  findingBus: FindingBus = bus(),
) {
  return runAccount({
    accountId: ACCOUNT,
    source: new RowsSource(ROWS),
    baseline: new DynamoBaselineStore({ tableName: table, client, sleep: noSleep, maxAttempts: 2 }),
    bus: findingBus,
    config,
    now,
    runId,
    range: rangeTo(until, '2026-11-20T09:00:00.000Z'),
  });
}

/** As the agent runs it: the DynamoDB store (the engine itself keeps the checkpoint before pairs another run claims). */
const storeOf = (table: string) =>
  new DynamoBaselineStore({ tableName: table, client: documentClient(dynamo.client()), sleep: noSleep });
const runGuarded = (table: string, runId: string, now: string, until: string, findingBus: FindingBus = bus()) =>
  runAccount({
    accountId: ACCOUNT,
    source: new RowsSource(ROWS),
    baseline: storeOf(table),
    bus: findingBus,
    config,
    now,
    runId,
    range: rangeTo(until, '2026-11-20T09:00:00.000Z'),
  });

async function assertConsistent(table: string, until: string): Promise<void> {
  const store = new DynamoBaselineStore({ tableName: table, client: documentClient(dynamo.client()) });
  const keys = ROWS.map((r) => ({ principalKey: r.principalKey, dimension: Dimension.Action, value: r.action }));
  const entries = await store.getEntries(ACCOUNT, keys);
  expect(new Set(published)).toEqual(new Set(EXPECTED));
  for (const key of keys) {
    expect(entries.get(entryId(key)), key.value).toBeDefined();
    expect(entries.get(entryId(key))?.claim, key.value).toBeUndefined();
  }
  expect((await store.getCheckpoint(ACCOUNT))?.delivered).toEqual({ '*': until });
}

type Command = { constructor: { name: string }; input: Record<string, unknown> };
const isClaim = (c: Command) =>
  c instanceof UpdateCommand && String(c.input.ConditionExpression).includes('claimRunId');
const isCommit = (c: Command) =>
  c instanceof UpdateCommand && String(c.input.UpdateExpression).startsWith('SET firstSeen = if_not_exists');
let commits = 0;

const STEPS: Array<{ step: string; fails: (c: Command) => boolean; crashBus?: boolean; rejectPublish?: boolean }> = [
  { step: 'reading the baseline (BatchGetItem)', fails: (c) => c instanceof BatchGetCommand },
  { step: 'claiming new pairs', fails: isClaim },
  { step: 'after claiming, before publishing (process dies)', fails: () => false, crashBus: true },
  { step: 'publishing (EventBridge refuses)', fails: () => false, rejectPublish: true },
  { step: 'committing the baseline, after publishing', fails: isCommit },
  { step: 'committing the baseline half way', fails: (c) => isCommit(c) && ++commits === 3 },
  {
    step: 'writing the checkpoint',
    fails: (c) => c instanceof PutCommand && (c.input.Item as Record<string, unknown>)?.kind === 'checkpoint',
  },
];

describe('a crash at each step of the run, then a rerun after the claim lease', () => {
  for (const s of STEPS) {
    it(`publishes every finding and leaves the baseline consistent: crash while ${s.step}`, async () => {
      const table = await newTable();
      commits = 0;
      const flaky = failingOnce(documentClient(dynamo.client()), s.fails);
      let findingBus: FindingBus = bus();
      if (s.crashBus)
        findingBus = {
          publish: async () => {
            throw new Error('process killed');
          },
          heartbeat: async () => {},
        };
      if (s.rejectPublish)
        eb.on(PutEventsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

      await expect(run(table, flaky, 'run-1', NOW_1, UNTIL_1, findingBus)).rejects.toThrow();
      expect(flaky.tripped || s.crashBus || s.rejectPublish).toBe(true);
      if (s.rejectPublish) {
        eb.reset();
        eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
          for (const e of input.Entries ?? [])
            published.push(...(JSON.parse(e.Detail!) as FindingBatch).findings.map((f) => f.id));
          return { FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e${i}` })) };
        });
      }
      // the next scheduled run, 20 minutes later: any claim of run-1 has lapsed
      await run(
        table,
        documentClient(dynamo.client()),
        'run-2',
        '2026-11-20T12:40:00.000Z',
        '2026-11-20T12:25:00.000Z',
      );

      await assertConsistent(table, '2026-11-20T12:25:00.000Z');
    });
  }
});

describe('reruns inside the claim lease', () => {
  it('a retried invocation (same run id) re-claims its own claims and publishes them', async () => {
    const table = await newTable();
    const dying: FindingBus = {
      publish: async () => {
        throw new Error('process killed');
      },
      heartbeat: async () => {},
    };
    await expect(run(table, documentClient(dynamo.client()), 'req-1', NOW_1, UNTIL_1, dying)).rejects.toThrow();

    await run(table, documentClient(dynamo.client()), 'req-1', '2026-11-20T12:21:00.000Z', UNTIL_1);

    await assertConsistent(table, UNTIL_1);
  });

  it('two overlapping runs publish each finding once between them', async () => {
    const table = await newTable();
    await Promise.all([runGuarded(table, 'run-a', NOW_1, UNTIL_1), runGuarded(table, 'run-b', NOW_1, UNTIL_1)]);
    // the next run: a loser may have held the checkpoint at a pair the winner was still committing
    await runGuarded(table, 'run-c', '2026-11-20T12:21:00.000Z', UNTIL_1);

    expect(published.length).toBe(EXPECTED.length);
    await assertConsistent(table, UNTIL_1);
  });
});

describe("a crashed run's live claims meet the next scheduled run", () => {
  // runAccount leaves pairs claimed by another live lease to that run; if that run had crashed, nobody
  // would re-read their window, so the engine ends the run there without moving the checkpoint past it.

  it('publishes every finding once the lease lapses, even when the next run starts inside the lease', async () => {
    const table = await newTable();
    const dying: FindingBus = {
      publish: async () => {
        throw new Error('process killed');
      },
      heartbeat: async () => {},
    };
    await expect(runGuarded(table, 'run-1', NOW_1, UNTIL_1, dying)).rejects.toThrow();

    await runGuarded(table, 'run-2', '2026-11-20T12:25:00.000Z', '2026-11-20T12:10:00.000Z');
    const held = await new DynamoBaselineStore({
      tableName: table,
      client: documentClient(dynamo.client()),
    }).getCheckpoint(ACCOUNT);
    await runGuarded(table, 'run-3', '2026-11-20T12:50:00.000Z', '2026-11-20T12:35:00.000Z');

    expect(held === undefined || held.watermark <= '2026-11-20T09:10:00.000Z').toBe(true);
    await assertConsistent(table, '2026-11-20T12:35:00.000Z');
  });
});
