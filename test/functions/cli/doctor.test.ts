/**
 * `ct-anomaly doctor`: one account (the agent's own preflight, invoked through a mocked Lambda whose answer
 * is the real preflight over mocked S3, Athena and EventBridge), and the fleet (heartbeats in a dynalite
 * state table, the organization from a mocked ListAccounts).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAggregatorState, stateDocumentClient } from '../../../functions/adapters/aws/aggregator-state/index.js';
import { readDetectorEnv } from '../../../functions/detector/config.js';
import { createPreflightHandler } from '../../../functions/detector/preflight.js';
import type { Heartbeat } from '../../../functions/engine/findings/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT, AGENT_ENV, agentAws, KMS_DENIED, TRAIL } from '../detector/preflight-fakes.js';
import { GetObjectCommand } from '../detector/preflight-fakes.js';
import { runCli } from './support/run-cli.js';

const lambda = mockClient(LambdaClient);
const org = mockClient(OrganizationsClient);
const aws = agentAws();
let dynamo: LocalDynamo;

/** The Lambda answers as the deployed detector would: its preflight, run over the mocked AWS. */
function deployedAgent() {
  const preflight = createPreflightHandler({
    env: readDetectorEnv(AGENT_ENV),
    clients: { ...aws.clients(), dynamodb: { send: async () => ({}) } as never },
    region: 'eu-west-1',
    sleep: async () => {},
  });
  lambda.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: Uint8Array }) => {
    expect(JSON.parse(Buffer.from(input.Payload).toString('utf8'))).toEqual({ preflight: {} });
    const report = await preflight(
      { preflight: {} },
      {
        awsRequestId: 'r',
        invokedFunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${input.FunctionName}`,
        getRemainingTimeInMillis: () => 300_000,
      },
    );
    return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(report)) };
  });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('ct-anomaly-state');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOCALTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local-test-secret');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  lambda.restore();
  org.restore();
  aws.restore();
  await dynamo.stop();
});
beforeEach(() => {
  lambda.reset();
  org.reset();
  aws.healthy();
  deployedAgent();
});

describe('ct-anomaly doctor --account', () => {
  it('prints every check of a healthy agent and exits 0', async () => {
    const run = await runCli(['doctor', '--account', ACCOUNT, '--region', 'eu-west-1']);

    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^agent 444455556666 \(eu-west-1\), version 3f2a9c1d0b7e4a55: every check passed$/m);
    expect(run.out.match(/^ {2}ok {2}/gm)).toHaveLength(5);
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.FunctionName).toBe('ct-anomaly-detector');
  });

  it('prints the failing check with its problem and fix, and exits 3', async () => {
    aws.s3.on(GetObjectCommand, { Bucket: TRAIL }).rejects(KMS_DENIED);

    const run = await runCli(['doctor', '--account', ACCOUNT, '--region', 'eu-west-1']);

    expect(run.code).toBe(3);
    expect(run.out).toContain('1 check(s) failed');
    expect(run.out).toMatch(/^ {2}FAIL {2}read \(and decrypt\) a trail file: s3:\/\/aws-controltower-logs/m);
    expect(run.out).toMatch(/^ {8}problem: AccessDenied: User: .* kms:Decrypt/m);
    expect(run.out).toMatch(/^ {8}fix: add the trail key policy statement/m);
  });

  it('says whose credentials to use when the function cannot be invoked', async () => {
    lambda.on(InvokeCommand).rejects(
      Object.assign(
        new Error('Function not found: arn:aws:lambda:eu-west-1:444455556666:function:ct-anomaly-detector'),
        {
          name: 'ResourceNotFoundException',
        },
      ),
    );

    const run = await runCli(['doctor', '--account', ACCOUNT, '--region', 'eu-west-1']);

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Function not found/);
    expect(run.err).toMatch(/is the agent deployed there/);
  });

  it('refuses an answer from another account (the wrong profile)', async () => {
    const run = await runCli(['doctor', '--account', '999988887777', '--region', 'eu-west-1']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/the agent that answered is in account 444455556666, not 999988887777/);
  });
});

describe('ct-anomaly doctor --fleet', () => {
  it('lists the broken agents with their cause, fix and next command, and the accounts without one', async () => {
    const state = new DynamoAggregatorState({
      tableName: 'ct-anomaly-state',
      client: stateDocumentClient(dynamo.client()),
    });
    const now = Date.now();
    const beat = (accountId: string, over: Partial<Heartbeat>): Heartbeat => ({
      schemaVersion: 1,
      accountId,
      region: 'eu-west-1',
      runId: 'r',
      startedAt: new Date(now).toISOString(),
      finishedAt: new Date(now).toISOString(),
      windowFrom: null,
      windowTo: null,
      watermark: new Date(now - 3_600_000).toISOString(),
      counts: {},
      learnedActions: [],
      detectorVersion: '0.1.0',
      outcome: 'complete',
      agentVersion: 'v2',
      ...over,
    });
    for (let i = 3; i >= 1; i--)
      await state.putHeartbeats(
        [
          {
            accountId: '111111111111',
            receivedAt: new Date(now - i * 600_000).toISOString(),
            heartbeat: beat('111111111111', {}),
          },
          {
            accountId: ACCOUNT,
            receivedAt: new Date(now - i * 600_000).toISOString(),
            heartbeat: beat(ACCOUNT, {
              outcome: 'failed',
              errorClass: 'trail-access-denied',
              error: 'Athena query q FAILED: Permission denied on S3 path',
              watermark: null,
            }),
          },
        ],
        new Date(now + 86_400_000).toISOString(),
      );
    org.on(ListAccountsCommand).resolves({
      Accounts: ['111111111111', ACCOUNT, '555555555555'].map((Id) => ({
        Id,
        Name: `acct-${Id.slice(-2)}`,
        State: 'ACTIVE' as const,
        JoinedTimestamp: new Date('2025-01-01T00:00:00Z'),
      })),
    });

    const run = await runCli(['doctor', '--fleet', '--region', 'eu-west-1', '--agent-version', 'v2']);

    expect(run.code).toBe(3);
    expect(run.out).toMatch(/^fleet: 1 of 3 watched account\(s\) covered by a healthy agent \(33\.3%\), 2 reporting$/m);
    expect(run.out).toMatch(/^ {2}FAIL {2}444455556666 \(eu-west-1\): 3 failed runs in a row, trail-access-denied$/m);
    expect(run.out).toMatch(/^ {8}fix: apply the log-archive bucket policy statements/m);
    expect(run.out).toMatch(
      /^ {8}next: AWS_PROFILE=<444455556666> ct-anomaly doctor --account 444455556666 --region eu-west-1$/m,
    );
    expect(run.out).toMatch(/^ {2}NONE {2}555555555555 \(acct-55\): no agent/m);
    expect(run.out).not.toMatch(/111111111111/);
  });
});
