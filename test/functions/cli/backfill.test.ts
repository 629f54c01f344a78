/** `ct-anomaly backfill` (functions/cli/commands/backfill.ts) against dynalite and a mocked Athena. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT, activityRow, athenaPage } from '../detector/stand-ins.js';
import { runCli } from './support/run-cli.js';

const athena = mockClient(AthenaClient);
const eb = mockClient(EventBridgeClient);
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('backfill-baseline');
  // the command builds its own SDK clients: point DynamoDB at dynalite, with fake credentials
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOCALTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local-test-secret');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  for (const name of [
    'CT_BASELINE_TABLE',
    'CT_ATHENA_DATABASE',
    'CT_ATHENA_TABLE',
    'CT_ATHENA_WORKGROUP',
    'CT_BUS_ARN',
    'CT_ACCOUNT_ID',
  ])
    vi.stubEnv(name, '');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dynamo.stop();
});

describe('ct-anomaly backfill', () => {
  it('learns the last N days into the baseline table and prints what it did, with no finding sent', async () => {
    const now = Date.now();
    const rows = [
      activityRow('Deployer', 'iam.amazonaws.com:CreateRole', new Date(now - 3 * 86_400_000).toISOString()),
      activityRow('Deployer', 'sts.amazonaws.com:AssumeRole', new Date(now - 86_400_000).toISOString()),
    ];
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 104_857_600, EngineExecutionTimeInMillis: 9000 },
      },
    });
    athena.on(GetQueryResultsCommand).resolves(athenaPage(rows, 86_400_000));

    const { code, out, err } = await runCli([
      'backfill',
      '--days',
      '7',
      '--account',
      ACCOUNT,
      '--table',
      'backfill-baseline',
      '--database',
      'ct_anomaly',
      '--athena-table',
      'cloudtrail',
      '--workgroup',
      'ct-anomaly',
    ]);

    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(out).toContain('learned 2 new (principal, action) pair(s)');
    expect(out).toContain('100.0 MB scanned');
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
    const store = new DynamoBaselineStore({ tableName: 'backfill-baseline', client: documentClient(dynamo.client()) });
    const known = await store.getEntries(
      ACCOUNT,
      rows.map((r) => ({ principalKey: r.principalKey, dimension: 'action', value: r.action })),
    );
    expect(known.size).toBe(2);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input).toMatchObject({
      WorkGroup: 'ct-anomaly',
      QueryExecutionContext: { Database: 'ct_anomaly' },
    });
  });

  it('says which option is missing', async () => {
    const { code, err } = await runCli([
      'backfill',
      '--account',
      ACCOUNT,
      '--database',
      'd',
      '--athena-table',
      't',
      '--workgroup',
      'w',
    ]);
    expect(code).toBe(2);
    expect(err).toContain('--table is required (or CT_BASELINE_TABLE)');
  });

  it('learns an exact slice with --from and --to (for accounts larger than the workgroup cutoff)', async () => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 1 } } });
    athena.on(GetQueryResultsCommand).resolves(athenaPage([], 86_400_000));

    const { code, err } = await runCli([
      'backfill',
      '--from',
      '2026-09-01T00:00:00Z',
      '--to',
      '2026-09-03T00:00:00Z',
      '--account',
      ACCOUNT,
      '--table',
      'backfill-baseline',
      '--database',
      'd',
      '--athena-table',
      't',
      '--workgroup',
      'w',
    ]);

    expect(code).toBe(0);
    expect(err).toContain('2026-09-01T00:00:00.000Z .. 2026-09-03T00:00:00.000Z');
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.QueryString).toContain(
      `"date" IN ('2026/09/01', '2026/09/02', '2026/09/03')`,
    );
  });

  it('prints its usage with --help', async () => {
    const { code, out } = await runCli(['backfill', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: ct-anomaly backfill');
  });
});
