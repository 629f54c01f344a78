import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import {
  AthenaActivitySource,
  AthenaQueryError,
  AthenaTimeoutError,
  runQuery,
} from '../../../../../functions/adapters/aws/athena/index.js';
import { AwsCallCounter } from '../../../../../functions/adapters/aws/shared/index.js';

const athena = mockClient(AthenaClient);
const client = new AthenaClient({ region: 'us-east-1' });
const ID = '6f1c2d3e-0000-4a5b-8c9d-0123456789ab';
const sleeps: number[] = [];
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms);
};
const base = { client, workGroup: 'ct-anomaly', database: 'ct_anomaly', sleep, random: () => 0.5 };
const state = (
  State: QueryExecutionState,
  extra: Record<string, unknown> = {},
  statistics?: Record<string, number>,
): GetQueryExecutionCommandOutput => ({
  $metadata: {},
  QueryExecution: {
    QueryExecutionId: ID,
    Status: { State, ...extra },
    ...(statistics ? { Statistics: statistics } : {}),
  },
});
const succeeded = state(
  'SUCCEEDED',
  {},
  {
    DataScannedInBytes: 73_400_320,
    EngineExecutionTimeInMillis: 2140,
    TotalExecutionTimeInMillis: 2390,
    QueryQueueTimeInMillis: 180,
  },
);
const throttle = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  athena.reset();
  sleeps.length = 0;
});

describe('runQuery', () => {
  it('polls through QUEUED and RUNNING with growing delays and records the scan statistics', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolves(succeeded);
    const counter = new AwsCallCounter();

    const stats = await runQuery({ ...base, counter }, 'SELECT 1');

    expect(stats).toEqual({
      queryExecutionId: ID,
      bytesScanned: 73_400_320,
      engineMs: 2140,
      totalMs: 2390,
      queuedMs: 180,
    });
    expect(sleeps).toEqual([500, 750, 1125]);
    expect(counter.snapshot().athena).toEqual({ queries: 1, bytesScanned: 73_400_320, executionMs: 2140 });
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({
      QueryString: 'SELECT 1',
      WorkGroup: 'ct-anomaly',
      QueryExecutionContext: { Database: 'ct_anomaly' },
    });
  });

  it("surfaces FAILED with Athena's StateChangeReason", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(
      state('FAILED', {
        StateChangeReason: "COLUMN_NOT_FOUND: line 3:8: Column 'useridentity' cannot be resolved",
        AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: 'COLUMN_NOT_FOUND' },
      }),
    );

    const error = await runQuery(base, 'SELECT useridentity FROM t').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AthenaQueryError);
    expect((error as AthenaQueryError).state).toBe('FAILED');
    expect((error as Error).message).toContain("Column 'useridentity' cannot be resolved");
  });

  it('surfaces CANCELLED (someone stopped the query)', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('RUNNING'))
      .resolves(state('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));

    await expect(runQuery(base, 'SELECT 1')).rejects.toThrow(/CANCELLED: Query cancelled by user/);
  });

  it('retries TooManyRequestsException with the same client request token, and throttled polls', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).rejectsOnce(throttle()).resolves(succeeded);

    await runQuery(base, 'SELECT 1');

    const tokens = athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(2);
  });

  it('stops a query still running at the deadline instead of waiting forever', async () => {
    let now = 0;
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const clockedSleep = async (ms: number): Promise<void> => {
      now += ms;
    };

    const error = await runQuery(
      { ...base, sleep: clockedSleep, clock: () => now, timeoutMs: 30_000 },
      'SELECT 1',
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AthenaTimeoutError);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
    expect(now).toBeLessThanOrEqual(30_000);
  });
});

/** A GetQueryResults page as Athena returns it: every value a string, SQL NULL as an empty Datum. */
function page(
  columns: string[],
  rows: Array<Array<string | null>>,
  next?: string,
  header = false,
): GetQueryResultsCommandOutput {
  const data = (values: Array<string | null>) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
  return {
    $metadata: {},
    NextToken: next,
    UpdateCount: 0,
    ResultSet: {
      ResultSetMetadata: {
        ColumnInfo: columns.map((Name) => ({
          Name,
          Label: Name,
          Type: 'varchar',
          CatalogName: 'hive',
          SchemaName: '',
          TableName: '',
          Nullable: 'UNKNOWN',
          Precision: 0,
          Scale: 0,
          CaseSensitive: true,
        })),
      },
      Rows: [...(header ? [data(columns)] : []), ...rows.map(data)],
    },
  };
}

const COLUMNS = [
  'window_ms',
  'pkey',
  'ptype',
  'parn',
  'pname',
  'paccount',
  'event_source',
  'event_name',
  'service_call',
  'cnt',
  'errs',
  'error_codes',
  'first_ms',
  'last_ms',
  'event_ids',
  'source_ips',
  'user_agents',
  'regions',
  'callers',
  'future_cnt',
  'candidate_cnt',
  'candidates',
];
const ROLE = 'arn:aws:iam::111122223333:role/Deployer';
const W1 = Date.parse('2026-11-20T10:00:00Z');
const W2 = Date.parse('2026-11-20T11:00:00Z');
// what Trino's CAST(MAP(...) AS JSON) + json_format yields for one candidate: lower-case struct keys, JSON text fields parsed
const athenaCandidate = JSON.stringify({
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalid: 'AROAEXAMPLE:alice',
    arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/alice',
    accountid: '111122223333',
    accesskeyid: 'ASIAEXAMPLE',
    username: null,
    sessioncontext: {
      sessionissuer: {
        type: 'Role',
        principalid: 'AROAEXAMPLE',
        arn: ROLE,
        accountid: '111122223333',
        username: 'Deployer',
      },
      attributes: { creationdate: '2026-11-20T09:59:00Z', mfaauthenticated: 'false' },
      webidfederationdata: '{}',
    },
  },
  eventTime: '2026-11-20T11:05:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateAccessKey',
  requestParameters: { userName: 'bob' },
  responseElements: null,
  readOnly: false,
  eventID: 'ev-9',
});
const row = (ms: number, action: string, extra: Partial<Record<string, string | null>> = {}): Array<string | null> => {
  const [source, name] = action.split(':');
  const values: Record<string, string | null> = {
    window_ms: String(ms),
    pkey: ROLE,
    ptype: 'AssumedRole',
    parn: ROLE,
    pname: 'Deployer',
    paccount: '111122223333',
    event_source: source!,
    event_name: name!,
    service_call: null,
    cnt: '12',
    errs: '2',
    error_codes: '["AccessDenied"]',
    first_ms: String(ms + 60_000),
    last_ms: String(ms + 120_000),
    event_ids: '["a","b","c"]',
    source_ips: '["203.0.113.7"]',
    user_agents: '["aws-cli/2.15"]',
    regions: '["eu-west-1","us-east-1"]',
    callers: '["203.0.113.0/24|aws-cli"]',
    future_cnt: '0',
    candidate_cnt: '0',
    candidates: null,
    ...extra,
  };
  return COLUMNS.map((c) => values[c] ?? null);
};

describe('AthenaActivitySource', () => {
  it('runs one query and streams typed windows across result pages (header row only on the first page)', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: ID });
    athena.on(GetQueryExecutionCommand).resolves(succeeded);
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(
        page(
          COLUMNS,
          [row(W1, 'ec2.amazonaws.com:DescribeInstances'), row(W1, 's3.amazonaws.com:ListBuckets')],
          'page-2',
          true,
        ),
      )
      .resolvesOnce(
        page(
          COLUMNS,
          [
            row(W1, 'sts.amazonaws.com:GetCallerIdentity'),
            row(W2, 'iam.amazonaws.com:CreateAccessKey', {
              candidate_cnt: '3',
              candidates: JSON.stringify([athenaCandidate]),
            }),
          ],
          'page-3',
        ),
      )
      .resolvesOnce(
        page(COLUMNS, [row(W2, 'iam.amazonaws.com:ListUsers', { service_call: 'invoked-by', error_codes: null })]),
      );
    const source = new AthenaActivitySource({ ...base, table: 'cloudtrail', clock: () => W2 + 3_600_000 });

    const windows = [];
    for await (const w of source.windows({
      accountId: '111122223333',
      delivered: { after: '2026-11-20T10:00:00Z', upTo: '2026-11-20T12:00:00Z' },
      windowMs: 3_600_000,
      candidates: [{ eventSources: ['iam.amazonaws.com'] }],
    }))
      windows.push(w);

    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
    expect(windows.map((w) => [w.window.start, w.rows.length])).toEqual([
      ['2026-11-20T10:00:00.000Z', 3],
      ['2026-11-20T11:00:00.000Z', 2],
    ]);
    expect(windows[0]!.rows[0]).toEqual({
      accountId: '111122223333',
      windowStart: '2026-11-20T10:00:00.000Z',
      principalKey: ROLE,
      principalType: 'AssumedRole',
      principalArn: ROLE,
      principalName: 'Deployer',
      principalAccountId: '111122223333',
      action: 'ec2.amazonaws.com:DescribeInstances',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      serviceCall: null,
      count: 12,
      errorCount: 2,
      errorCodes: ['AccessDenied'],
      firstEventTime: '2026-11-20T10:01:00.000Z',
      lastEventTime: '2026-11-20T10:02:00.000Z',
      sampleEventIds: ['a', 'b', 'c'],
      sourceIps: ['203.0.113.7'],
      userAgents: ['aws-cli/2.15'],
      regions: ['eu-west-1', 'us-east-1'],
      callers: ['203.0.113.0/24|aws-cli'],
      futureCount: 0,
    });
    expect(windows[1]!.rows[1]).toMatchObject({ serviceCall: 'invoked-by', errorCodes: [] });
    const candidate = windows[1]!.candidates[0]!;
    expect(candidate.userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:alice',
      arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/alice',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLE',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLE',
          arn: ROLE,
          accountId: '111122223333',
          userName: 'Deployer',
        },
        attributes: { creationDate: '2026-11-20T09:59:00Z', mfaAuthenticated: 'false' },
        webIdFederationData: {},
      },
    });
    expect(candidate).toMatchObject({
      eventName: 'CreateAccessKey',
      requestParameters: { userName: 'bob' },
      readOnly: false,
    });
    expect(candidate).not.toHaveProperty('responseElements');
    expect(source.stats).toMatchObject({
      bytesScanned: 73_400_320,
      rows: 5,
      candidatesTruncated: 2,
      candidatesUnreadable: 0,
    });
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
      'page-3',
    ]);
  });

  it('reads only the delivery days the range touches: deliveries past midnight read two days', () => {
    const source = new AthenaActivitySource({ ...base, table: 'cloudtrail' });
    const sql = source.sqlFor(
      {
        accountId: '111122223333',
        delivered: { after: '2026-11-20T23:50:00Z', upTo: '2026-11-21T00:10:00Z' },
        windowMs: 3_600_000,
        candidates: [],
      },
      W2,
    );
    const regional = new AthenaActivitySource({
      ...base,
      table: 'cloudtrail',
      partitions: { regions: ['us-east-1', 'eu-west-1'] },
    });
    const sql2 = regional.sqlFor(
      {
        accountId: '111122223333',
        delivered: { after: '2026-11-20T10:00:00Z', upTo: '2026-11-20T11:00:00Z' },
        windowMs: 3_600_000,
        candidates: [],
      },
      W2,
    );

    expect(sql).toContain(`"date" IN ('2026/11/20', '2026/11/21')`);
    expect(sql).toContain('FROM "ct_anomaly"."cloudtrail"');
    expect(sql).not.toContain('"region" IN');
    expect(sql2).toContain(`"date" IN ('2026/11/20') AND "region" IN ('us-east-1', 'eu-west-1')`);
  });

  it('names the object-name range of each region when it knows the trail location, so Athena reads only those files', () => {
    const location = 's3://org-trail/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/';
    const source = new AthenaActivitySource({
      ...base,
      table: 'cloudtrail',
      files: { location, accountId: '111122223333', regions: ['us-east-1', 'eu-west-1'] },
    });
    const sql = source.sqlFor(
      {
        accountId: '111122223333',
        delivered: { after: '2026-11-20T23:55:00Z', upTo: '2026-11-21T00:05:00Z' },
        windowMs: 3_600_000,
        candidates: [],
      },
      W2,
    );
    expect(sql).toContain(
      `("$path" > '${location}us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T2355Z~' AND "$path" < '${location}us-east-1/2026/11/21/111122223333_CloudTrail_us-east-1_20261121T0005Z~')`,
    );
    expect(sql).toContain(`${location}eu-west-1/2026/11/20/111122223333_CloudTrail_eu-west-1_20261120T2355Z~`);
    // The names sort as the deliveries do: the files of the minute `after` are out, those of `upTo` in.
    const file = (day: string, stampText: string) =>
      `${location}us-east-1/${day}/111122223333_CloudTrail_us-east-1_${stampText}Z_Ab12Cd34Ef56Gh78.json.gz`;
    const lo = `${location}us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T2355Z~`;
    const hi = `${location}us-east-1/2026/11/21/111122223333_CloudTrail_us-east-1_20261121T0005Z~`;
    const inRange = (p: string) => p > lo && p < hi;
    expect(inRange(file('2026/11/20', '20261120T2355'))).toBe(false);
    expect(inRange(file('2026/11/20', '20261120T2356'))).toBe(true);
    expect(inRange(file('2026/11/21', '20261121T0005'))).toBe(true);
    expect(inRange(file('2026/11/21', '20261121T0006'))).toBe(false);
  });

  it('runs no query for an empty range', async () => {
    const source = new AthenaActivitySource({ ...base, table: 'cloudtrail' });
    const windows = [];
    for await (const w of source.windows({
      accountId: '1',
      delivered: { after: '2026-11-20T10:00:00Z', upTo: '2026-11-20T10:00:00Z' },
      windowMs: 60_000,
      candidates: [],
    }))
      windows.push(w);
    expect(windows).toEqual([]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});
