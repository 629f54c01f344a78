/**
 * A broken agent must not look healthy: its heartbeat says why it failed (with the agent's version), and
 * a run that cannot even read its config still reports, instead of falling silent.
 */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { readDetectorEnv } from '../../../functions/detector/config.js';
import { createHandler } from '../../../functions/detector/handler.js';
import { DEFAULT_CONFIG } from '../../../functions/engine/config/index.js';
import type { Heartbeat } from '../../../functions/engine/findings/index.js';
import type { RunConfig } from '../../../functions/pipeline/config-source.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT } from './stand-ins.js';

const athena = mockClient(AthenaClient);
const eb = mockClient(EventBridgeClient);
const BUS = 'arn:aws:events:eu-central-1:999988887777:event-bus/ct-anomaly';
let dynamo: LocalDynamo;
let lines: string[];

const context = {
  awsRequestId: 'req-7',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:ct-anomaly-detector`,
  getRemainingTimeInMillis: () => 600_000,
};

function handler(loadConfig: () => Promise<RunConfig>) {
  return createHandler({
    env: readDetectorEnv({
      CT_BASELINE_TABLE: 'agent-health',
      CT_ATHENA_DATABASE: 'ct_anomaly',
      CT_ATHENA_TABLE: 'cloudtrail',
      CT_ATHENA_WORKGROUP: 'ct-anomaly',
      CT_BUS_ARN: BUS,
      CT_AGENT_VERSION: '3f2a9c1d0b7e4a55',
    }),
    loadConfig,
    region: 'eu-west-1',
    clients: {
      athena: new AthenaClient({ region: 'eu-west-1' }),
      dynamodb: documentClient(dynamo.client()),
      eventbridge: new EventBridgeClient({ region: 'eu-central-1' }),
    },
    clock: () => new Date('2026-11-20T12:20:00Z'),
    sleep: async () => {},
    write: (line) => lines.push(line),
  });
}

const heartbeats = () =>
  eb
    .commandCalls(PutEventsCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .filter((e) => e.DetailType === 'Agent Heartbeat')
    .map((e) => JSON.parse(e.Detail!) as Heartbeat);

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('agent-health');
});
afterAll(async () => {
  await dynamo.stop();
});
beforeEach(() => {
  lines = [];
  athena.reset();
  eb.reset();
  eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `e${i}` })),
  }));
});

describe('the heartbeat of a failing agent', () => {
  it('names the trail bucket refusing Athena, and the agent version', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: {
          State: 'FAILED',
          StateChangeReason:
            'Permission denied on S3 path: s3://org-trail/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2026/11/20',
        },
      },
    });
    const config = { config: DEFAULT_CONFIG, warnings: [], ruleFiles: [], extraRules: [], version: 'v1' };

    await expect(handler(async () => config)({}, context)).rejects.toThrow(/Permission denied on S3 path/);

    expect(heartbeats()).toEqual([
      expect.objectContaining({
        accountId: ACCOUNT,
        outcome: 'failed',
        errorClass: 'trail-access-denied',
        agentVersion: '3f2a9c1d0b7e4a55',
      }),
    ]);
  });

  it('still reports, as failed with the config class, when the config object cannot be read', async () => {
    const unreadable = async (): Promise<RunConfig> => {
      throw new Error('cannot read the config s3://artifacts/config/ct-anomaly.json: AccessDenied: Access Denied');
    };

    await expect(handler(unreadable)({}, context)).rejects.toThrow(/cannot read the config/);

    expect(heartbeats()).toEqual([
      expect.objectContaining({
        runId: 'req-7',
        outcome: 'failed',
        errorClass: 'config',
        agentVersion: '3f2a9c1d0b7e4a55',
      }),
    ]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>).some((l) => l.RunFailed === 1)).toBe(true);
  });
});
