import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { makeFinding } from '../engine/aggregate/helpers.js';
import { startServer, type ScriptedServer } from '../adapters/http/server.js';
import {
  awsMocks,
  baseEnv,
  BatchImportFindingsCommand,
  findingRecord,
  FUNCTION_ARN,
  GetSecretValueCommand,
  PublishCommand,
  PutEventsCommand,
  setEnv,
  sqsRecord,
} from './lambda-env.js';

type Handler = (event: unknown, context?: unknown) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;

let dynamo: LocalDynamo;
let splunk: ScriptedServer;
let slack: ScriptedServer;
let handler: Handler;
let restoreEnv: () => void;
const mocks = awsMocks();
const context = { awsRequestId: 'req-1', invokedFunctionArn: FUNCTION_ARN };

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('ct-state');
  [splunk, slack] = await Promise.all([startServer(), startServer()]);
  restoreEnv = setEnv({
    ...baseEnv(dynamo.endpoint, 'ct-state'),
    CT_SPLUNK_HEC_URL: splunk.url,
    CT_SPLUNK_TOKEN_SECRET: 'ct-anomaly/splunk',
    CT_SLACK_WEBHOOK_SECRET: 'ct-anomaly/slack',
    CT_SECURITY_HUB: 'true',
    CT_MIN_SEVERITY: 'low',
  });
  vi.resetModules();
  handler = (await import('../../../functions/aggregator/index.js')).handler as Handler;
});
afterAll(async () => {
  restoreEnv();
  mocks.restore();
  await Promise.all([dynamo.stop(), splunk.stop(), slack.stop()]);
});
beforeEach(() => {
  mocks.reset();
  mocks.secrets
    .on(GetSecretValueCommand, { SecretId: 'ct-anomaly/splunk' })
    .resolves({ SecretString: '{"token":"hec-token-1"}' });
  mocks.secrets
    .on(GetSecretValueCommand, { SecretId: 'ct-anomaly/slack' })
    .resolves({ SecretString: `${slack.url}/services/T/B/X` });
  splunk.received.length = 0;
  slack.received.length = 0;
  splunk.script();
  slack.script();
});

const alertEvents = () => mocks.events.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);

describe('aggregator Lambda (SQS -> dynalite state -> sinks)', () => {
  it('alerts every sink once, rejects a spoof, and sends an unreadable message to the DLQ path', async () => {
    const f = makeFinding({
      account: '111111111111',
      role: 'Lambda1',
      action: 'iam.amazonaws.com:CreateAccessKey',
      severity: 'high',
      score: 70,
    });
    const spoof = makeFinding({ account: '222222222222', role: 'Victim' });
    const event = {
      Records: [
        findingRecord([f]),
        findingRecord([f]),
        findingRecord([spoof], '333333333333'),
        { messageId: 'garbage', body: 'not json' },
        sqsRecord('111111111111', 'Anomaly Finding', { findings: [] }, 'attacker.custom'),
      ],
    };

    const response = await handler(event, context);

    expect(response.batchItemFailures.map((b) => b.itemIdentifier).sort()).toEqual(
      ['garbage', event.Records[4]!.messageId].sort(),
    );
    const published = mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
    expect(published).toHaveLength(2);
    expect(published.some((s) => s?.includes('Account 333333333333 sent findings about other accounts'))).toBe(true);
    expect(splunk.received).toHaveLength(1);
    expect(splunk.received[0]!.headers.authorization).toBe('Splunk hec-token-1');
    expect(slack.received).toHaveLength(2);
    const imported = mocks.hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => c.args[0].input.Findings ?? []);
    expect(imported.every((x) => x.AwsAccountId === '999999999999')).toBe(true);
    expect(alertEvents().every((e) => e.Source === 'ct-anomaly.aggregator' && e.DetailType === 'Anomaly Alert')).toBe(
      true,
    );
  });

  it('is idempotent under redelivery: the same message again sends nothing', async () => {
    const f = makeFinding({ account: '111111111111', role: 'Redelivered' });
    await handler({ Records: [findingRecord([f])] }, context);
    mocks.reset();

    const again = await handler({ Records: [findingRecord([f])] }, context);

    expect(again.batchItemFailures).toEqual([]);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(alertEvents()).toHaveLength(0);
  });

  it('retries a message whose alert one sink could not take, and then sends it only to that sink', async () => {
    const f = makeFinding({ account: '111111111111', role: 'SlackDown' });
    const record = findingRecord([f]);
    slack.script(...Array(4).fill({ status: 503, headers: { 'retry-after': '0' } }));

    const first = await handler({ Records: [record] }, context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(1);

    mocks.reset();
    slack.script();
    const retry = await handler({ Records: [record] }, context);
    expect(retry.batchItemFailures).toEqual([]);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(slack.received.at(-1)!.body).toContain('SlackDown');
  });

  it('turns one actor in three accounts of a batch into one incident', async () => {
    const key = 'AKIAI44QH8DHBEXAMPLE';
    const records = ['111111111111', '222222222222', '333333333333'].map((account, i) =>
      findingRecord([
        makeFinding({ account, role: `Ops${i}`, accessKeyId: key, action: 's3.amazonaws.com:ListBuckets' }),
      ]),
    );

    const response = await handler({ Records: records }, context);

    expect(response.batchItemFailures).toEqual([]);
    const subjects = mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject!);
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toContain(`One actor in 3 accounts (access key ${key})`);
  });

  it('stores heartbeats for the monitor', async () => {
    const hb = {
      schemaVersion: 1,
      accountId: '444444444444',
      region: 'eu-west-1',
      runId: 'r',
      startedAt: '2026-11-20T11:00:00Z',
      finishedAt: '2026-11-20T11:01:00Z',
      windowFrom: null,
      windowTo: null,
      watermark: null,
      counts: {},
      learnedActions: ['ec2.amazonaws.com:DescribeInstances'],
      detectorVersion: '0.1.0',
    };
    const response = await handler({ Records: [sqsRecord('444444444444', 'Agent Heartbeat', hb)] }, context);

    expect(response.batchItemFailures).toEqual([]);
    const { DynamoAggregatorState, stateDocumentClient } = await import(
      '../../../functions/adapters/aws/aggregator-state/index.js'
    );
    const state = new DynamoAggregatorState({ tableName: 'ct-state', client: stateDocumentClient(dynamo.client()) });
    expect((await state.listHeartbeats()).map((h) => h.accountId)).toContain('444444444444');
  });
});

describe('aggregator configuration', () => {
  it('refuses to start without its state table, naming the variable', async () => {
    const restore = setEnv({ CT_STATE_TABLE: '' });
    vi.resetModules();
    await expect(import('../../../functions/aggregator/index.js')).rejects.toThrow(
      'Environment variable CT_STATE_TABLE is required',
    );
    restore();
  });

  it('refuses half a Splunk configuration', async () => {
    const { readAggregatorEnv } = await import('../../../functions/aggregator/config.js');
    expect(() => readAggregatorEnv({ CT_STATE_TABLE: 't', CT_BUS_ARN: 'b', CT_SPLUNK_HEC_URL: 'https://s' })).toThrow(
      /CT_SPLUNK_HEC_URL and CT_SPLUNK_TOKEN_SECRET go together/,
    );
    expect(() => readAggregatorEnv({ CT_STATE_TABLE: 't', CT_BUS_ARN: 'b', CT_SECURITY_HUB: 'yes' })).toThrow(
      /CT_SECURITY_HUB must be true or false/,
    );
    expect(() => readAggregatorEnv({ CT_STATE_TABLE: 't', CT_BUS_ARN: 'b', CT_CONFIG_URI: 'config.json' })).toThrow(
      /CT_CONFIG_URI must be an S3 URI/,
    );
  });
});
