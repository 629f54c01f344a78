/** The detector handler end to end: dynalite for the baseline, SDK mocks for Athena and EventBridge. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { createHandler, type LambdaContextLike } from '../../../functions/detector/handler.js';
import { readDetectorEnv } from '../../../functions/detector/config.js';
import { DEFAULT_CONFIG, type Config } from '../../../functions/engine/config/index.js';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import type { FindingBatch, Heartbeat } from '../../../functions/engine/findings/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT, activityRow, athenaPage } from './stand-ins.js';

const athena = mockClient(AthenaClient);
const eb = mockClient(EventBridgeClient);
const BUS = 'arn:aws:events:us-east-1:999988887777:event-bus/ct-anomaly';
const ROWS = [
  activityRow('Deployer', 'iam.amazonaws.com:CreateUser', '2026-11-20T11:10:00Z', { count: 3 }),
  activityRow('Deployer', 's3.amazonaws.com:PutBucketPolicy', '2026-11-20T11:50:00Z'),
];
let dynamo: LocalDynamo;
let table: string;
let lines: string[];
let tables = 0;

const env = (over: Record<string, string> = {}) => ({
  CT_BASELINE_TABLE: table,
  CT_ATHENA_DATABASE: 'ct_anomaly',
  CT_ATHENA_TABLE: 'cloudtrail',
  CT_ATHENA_WORKGROUP: 'ct-anomaly',
  CT_BUS_ARN: BUS,
  CT_MAX_WINDOWS_PER_RUN: '48',
  ...over,
});
const context = (remaining = 600_000, id = 'req-1'): LambdaContextLike => ({
  awsRequestId: id,
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ct-anomaly-detector`,
  getRemainingTimeInMillis: () => remaining,
});
/**
 * The deployment's config as the agent reads it at run time: no learning period or bootstrap, hourly windows;
 * actions only (with no learning period every network and client would be new too: see dimensions.test.ts).
 */
const CONFIG: Config = {
  ...DEFAULT_CONFIG,
  learningDays: 0,
  bootstrapDays: 0,
  windowMinutes: 60,
  lagMinutes: 15,
  dimensions: [],
};
function handlerAt(time: string, over: Record<string, string> = {}, config: Config = CONFIG) {
  return createHandler({
    env: readDetectorEnv(env(over)),
    loadConfig: async () => ({ config, warnings: [], ruleFiles: [], extraRules: [], version: 'v1' }),
    region: 'us-east-1',
    clients: {
      athena: new AthenaClient({ region: 'us-east-1' }),
      dynamodb: documentClient(dynamo.client()),
      eventbridge: new EventBridgeClient({ region: 'us-east-1' }),
    },
    clock: () => new Date(time),
    sleep: async () => {},
    write: (line) => lines.push(line),
  });
}
const entries = () => eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
const findingsSent = () =>
  entries()
    .filter((e) => e.DetailType === 'Anomaly Finding')
    .flatMap((e) => (JSON.parse(e.Detail!) as FindingBatch).findings);
const heartbeats = () =>
  entries()
    .filter((e) => e.DetailType === 'Agent Heartbeat')
    .map((e) => JSON.parse(e.Detail!) as Heartbeat);
const emf = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => '_aws' in l);

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
beforeEach(async () => {
  tables += 1;
  table = `agent-${tables}`;
  await dynamo.createTable(table);
  lines = [];
  athena.reset();
  eb.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena
    .on(GetQueryExecutionCommand)
    .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
    .resolves({
      QueryExecution: {
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 5_242_880, EngineExecutionTimeInMillis: 1800 },
      },
    });
  athena.on(GetQueryResultsCommand).resolves(athenaPage(ROWS));
  eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e${i}` })),
  }));
});

describe('detector handler', () => {
  it('runs the window since the checkpoint, publishes first-seen findings, and reports with a heartbeat, EMF metrics and JSON logs', async () => {
    const report = await handlerAt('2026-11-20T12:20:00Z')({ source: 'aws.scheduler' }, context());

    expect(report).toMatchObject({
      outcome: 'complete',
      accountId: ACCOUNT,
      mode: 'scheduled',
      windows: 1,
      events: 4,
      findings: { firstSeen: 2, rule: 0, published: 2 },
    });
    expect(
      findingsSent()
        .map((f) => f.value)
        .sort(),
    ).toEqual(['iam.amazonaws.com:CreateUser', 's3.amazonaws.com:PutBucketPolicy']);
    expect(entries().every((e) => e.EventBusName === BUS && e.Source === 'ct-anomaly.agent')).toBe(true);
    const [beat] = heartbeats();
    expect(beat).toMatchObject({
      accountId: ACCOUNT,
      region: 'us-east-1',
      runId: 'req-1',
      // the latest event processed; the delivery position is the checkpoint's
      watermark: '2026-11-20T11:50:00.000Z',
    });
    expect(beat!.counts).toMatchObject({
      firstSeenFindings: 2,
      events: 4,
      athenaQueries: 1,
      bytesScanned: 5_242_880,
      failed: 0,
    });
    expect(beat!.learnedActions.sort()).toEqual(['iam.amazonaws.com:CreateUser', 's3.amazonaws.com:PutBucketPolicy']);
    const metrics = emf()[0]!;
    expect((metrics._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0]!.Namespace).toBe(
      'CtAnomaly/Agent',
    );
    expect(metrics).toMatchObject({ AccountId: ACCOUNT, Findings: 2, Records: 4, BytesScanned: 5_242_880 });
    expect(lines.map((l) => JSON.parse(l) as { message?: string }).map((l) => l.message)).toContain('run finished');
    const checkpoint = await new DynamoBaselineStore({
      tableName: table,
      client: documentClient(dynamo.client()),
    }).getCheckpoint(ACCOUNT);
    // Deliveries up to now minus the lag are done: the next run reads from there.
    expect(checkpoint?.delivered).toEqual({ '*': '2026-11-20T12:05:00.000Z' });
    expect(checkpoint?.watermark).toBe('2026-11-20T11:50:00.000Z');
    const sql = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString!;
    expect(sql).toContain(`"date" IN ('2026/11/20')`);
  });

  it('does not alert twice: the next run over the same activity publishes nothing but its heartbeat', async () => {
    await handlerAt('2026-11-20T12:20:00Z')({}, context());
    eb.resetHistory();

    const report = await handlerAt('2026-11-20T13:20:00Z')({}, context(600_000, 'req-2'));

    expect(report.findings.firstSeen).toBe(0);
    expect(findingsSent()).toEqual([]);
    expect(heartbeats()).toHaveLength(1);
  });

  it('stops starting windows when the Lambda time budget is low, and the next run reads the same deliveries again', async () => {
    const report = await handlerAt('2026-11-20T12:20:00Z')({}, context(20_000));

    expect(report).toMatchObject({ outcome: 'out-of-time', windows: 0, resumeFrom: null });
    expect(findingsSent()).toEqual([]);
    expect(heartbeats()[0]!.counts).toMatchObject({ catchingUp: 1 });
    const checkpoint = await new DynamoBaselineStore({
      tableName: table,
      client: documentClient(dynamo.client()),
    }).getCheckpoint(ACCOUNT);
    expect(checkpoint).toBeUndefined();
  });

  it('learns without findings on a backfill event, in one query over the requested days', async () => {
    const report = await handlerAt('2026-11-20T12:20:00Z')({ backfill: { days: 2 } }, context());

    expect(report).toMatchObject({
      mode: 'backfill',
      outcome: 'complete',
      learned: 2,
      findings: { firstSeen: 0, published: 0 },
    });
    expect(findingsSent()).toEqual([]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    const sql = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString!;
    expect(sql).toContain(`"date" IN ('2026/11/18', '2026/11/19', '2026/11/20')`);
    expect(heartbeats()[0]!.counts).toMatchObject({ backfill: 1, learned: 2 });
    // what was learned is known: the scheduled run after it stays quiet
    eb.resetHistory();
    await handlerAt('2026-11-20T12:40:00Z')({}, context(600_000, 'req-2'));
    expect(findingsSent()).toEqual([]);
  });

  it('never writes the checkpoint of a backfill cut short by the time budget', async () => {
    const days = [
      activityRow('Deployer', 'ec2.amazonaws.com:RunInstances', '2026-11-18T15:00:00Z'),
      activityRow('Deployer', 'ec2.amazonaws.com:StopInstances', '2026-11-19T15:00:00Z'),
    ];
    athena.on(GetQueryResultsCommand).resolves(athenaPage(days, 86_400_000));
    let calls = 0;
    const shrinking: LambdaContextLike = {
      ...context(),
      getRemainingTimeInMillis: () => (++calls <= 3 ? 600_000 : 5_000),
    };

    const report = await handlerAt('2026-11-20T12:20:00Z')({ backfill: { days: 3 } }, shrinking);

    expect(report).toMatchObject({
      mode: 'backfill',
      outcome: 'out-of-time',
      windows: 1,
      // nothing recorded: the backfill runs again from its start
      resumeFrom: null,
    });
    const checkpoint = await new DynamoBaselineStore({
      tableName: table,
      client: documentClient(dynamo.client()),
    }).getCheckpoint(ACCOUNT);
    expect(checkpoint).toBeUndefined();
  });

  it('runs the rules over the candidate records the query returned, with scores', async () => {
    const stop = activityRow('Deployer', 'cloudtrail.amazonaws.com:StopLogging', '2026-11-20T11:30:00Z');
    const record = {
      eventVersion: '1.10',
      eventTime: '2026-11-20T11:30:00Z',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.23',
      userAgent: 'aws-cli/2.17.32',
      eventID: 'de53d94e-f8b3-4111-b2d2-4f1c2f77a2b1',
      eventType: 'AwsApiCall',
      readOnly: false,
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail` },
      responseElements: null,
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:mallory',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/mallory`,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROAEXAMPLE',
            arn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
            accountId: ACCOUNT,
            userName: 'Deployer',
          },
        },
      },
    };
    athena
      .on(GetQueryResultsCommand)
      .resolves(athenaPage([...ROWS, stop], 3_600_000, { 'cloudtrail.amazonaws.com:StopLogging': [record] }));

    const report = await handlerAt('2026-11-20T12:20:00Z')({}, context());

    const rule = findingsSent().find((f) => f.kind === 'rule');
    expect(report.findings.rule).toBe(1);
    expect(rule).toMatchObject({
      kind: 'rule',
      accountId: ACCOUNT,
      evidence: { eventIds: ['de53d94e-f8b3-4111-b2d2-4f1c2f77a2b1'] },
    });
    expect(rule!.detectorId).toMatch(/trail/);
    expect(rule!.severity).not.toBe('info');
    const sql = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString!;
    expect(sql).toContain("'StopLogging'");
  });

  it('rejects a malformed backfill event with the reason', async () => {
    await expect(handlerAt('2026-11-20T12:20:00Z')({ backfill: { days: 'ninety' } }, context())).rejects.toThrow(
      /backfill\.days needs days \(an integer from 1 to 3650\) or from/,
    );
  });

  it('logs, sends a failed heartbeat and rethrows when findings cannot be published', async () => {
    eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) =>
      input.Entries?.[0]?.DetailType === 'Anomaly Finding'
        ? Promise.reject(Object.assign(new Error('not authorized to put events'), { name: 'AccessDeniedException' }))
        : { FailedEntryCount: 0, Entries: (input.Entries ?? []).map(() => ({ EventId: 'e' })) },
    );

    await expect(handlerAt('2026-11-20T12:20:00Z')({}, context())).rejects.toThrow(/could not be published/);

    expect(heartbeats()[0]!.counts).toMatchObject({ failed: 1 });
    expect(lines.some((l) => (JSON.parse(l) as { level?: string }).level === 'error')).toBe(true);
  });
});

describe('detector configuration', () => {
  it('names the missing variable', () => {
    const { CT_BASELINE_TABLE: _, ...rest } = env();
    expect(() => readDetectorEnv(rest)).toThrow('Environment variable CT_BASELINE_TABLE is required');
    expect(() => readDetectorEnv({ ...env(), CT_BUS_ARN: 'ct-anomaly' })).toThrow(
      /CT_BUS_ARN must be an event bus ARN/,
    );
    expect(() => readDetectorEnv({ ...env(), CT_MAX_WINDOWS_PER_RUN: '0' })).toThrow(
      /CT_MAX_WINDOWS_PER_RUN must be an integer from 1 to 100000/,
    );
    expect(() => readDetectorEnv({ ...env(), CT_CONFIG_URI: 'https://example.com/config.json' })).toThrow(
      /CT_CONFIG_URI must be an S3 URI/,
    );
  });

  it('reads defaults and optional values', () => {
    const read = readDetectorEnv({ ...env({ CT_TRAIL_REGIONS: 'us-east-1, eu-west-1' }) });
    expect(read).toMatchObject({
      accountId: null,
      configUri: null,
      busRegion: 'us-east-1',
      resources: { athena: { regions: ['us-east-1', 'eu-west-1'] } },
      logLevel: 'info',
    });
  });

  it('reads the environment once, at module load, in the Lambda entry point', async () => {
    vi.resetModules();
    for (const [k, v] of Object.entries(env())) vi.stubEnv(k, v);
    const entry = await import('../../../functions/detector/index.js');
    expect(typeof entry.handler).toBe('function');
    vi.resetModules();
    vi.stubEnv('CT_ATHENA_TABLE', '');
    await expect(import('../../../functions/detector/index.js')).rejects.toThrow(
      'Environment variable CT_ATHENA_TABLE is required',
    );
    vi.unstubAllEnvs();
  });
});
