import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoAggregatorState, stateDocumentClient } from '../../../functions/adapters/aws/aggregator-state/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { awsMocks, baseEnv, PublishCommand, PutEventsCommand, setEnv } from '../aggregator/lambda-env.js';

type Handler = (
  event?: unknown,
  context?: unknown,
) => Promise<{
  summary: { coverage: number; silent: unknown[]; missing: unknown[] };
  sent: string[];
  alreadySent: string[];
}>;

let dynamo: LocalDynamo;
let handler: Handler;
let restoreEnv: () => void;
const mocks = awsMocks();
const org = mockClient(OrganizationsClient);
const context = { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:999999999999:function:ct-anomaly-monitor' };

const account = (Id: string) => ({
  Id,
  Name: `acct-${Id.slice(-2)}`,
  Status: 'ACTIVE' as const,
  State: 'ACTIVE' as const,
  JoinedTimestamp: new Date('2025-01-01T00:00:00Z'),
});

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('ct-monitor-state');
  const now = Date.now();
  const state = new DynamoAggregatorState({
    tableName: 'ct-monitor-state',
    client: stateDocumentClient(dynamo.client()),
  });
  const beat = (accountId: string, minutesAgo: number) => ({
    accountId,
    receivedAt: new Date(now - minutesAgo * 60_000).toISOString(),
    heartbeat: {
      schemaVersion: 1 as const,
      accountId,
      region: 'eu-west-1',
      runId: 'r',
      startedAt: '2026-11-20T00:00:00Z',
      finishedAt: '2026-11-20T00:01:00Z',
      windowFrom: null,
      windowTo: null,
      watermark: null,
      counts: {},
      learnedActions: [],
      detectorVersion: '0.1.0',
    },
  });
  await state.putHeartbeats(
    [beat('111111111111', 10), beat('222222222222', 300)],
    new Date(now + 86_400_000).toISOString(),
  );
  restoreEnv = setEnv({
    ...baseEnv(dynamo.endpoint, 'ct-monitor-state'),
    CT_HEARTBEAT_MINUTES: '60',
    CT_SUMMARY_HOUR_UTC: 'off',
  });
  vi.resetModules();
  handler = (await import('../../../functions/monitor/index.js')).handler as Handler;
});
afterAll(async () => {
  restoreEnv();
  mocks.restore();
  org.restore();
  await dynamo.stop();
});
beforeEach(() => {
  mocks.reset();
  org.reset();
  org
    .on(ListAccountsCommand, { NextToken: undefined })
    .resolves({ Accounts: [account('111111111111'), account('222222222222')], NextToken: 'p2' })
    .on(ListAccountsCommand, { NextToken: 'p2' })
    .resolves({ Accounts: [account('333333333333')] });
});

describe('monitor Lambda', () => {
  it('alerts once on a silent agent and on an account without one, and publishes the coverage summary every run', async () => {
    const first = await handler({}, context);

    expect(first.summary.coverage).toBeCloseTo(1 / 3, 2);
    const subjects = mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Agent silent for 5 h in 222222222222/),
        expect.stringMatching(/No agent in account 333333333333/),
      ]),
    );
    const entries = mocks.events.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
    expect(entries.filter((e) => e.DetailType === 'Coverage Summary')).toHaveLength(1);
    expect(entries.filter((e) => e.DetailType === 'Anomaly Alert')).toHaveLength(2);

    mocks.reset();
    const second = await handler({}, context);

    expect(second.sent).toEqual([]);
    expect(second.alreadySent).toHaveLength(2);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(
      mocks.events
        .commandCalls(PutEventsCommand)
        .flatMap((c) => c.args[0].input.Entries ?? [])
        .map((e) => e.DetailType),
    ).toEqual(['Coverage Summary']);
  });

  it('fails the run (for the scheduler to retry) when a health alert could not be delivered, after publishing the summary', async () => {
    org.reset();
    org.on(ListAccountsCommand).resolves({ Accounts: [account('555555555555')] });
    mocks.sns.reset();
    mocks.sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' }));

    await expect(handler({}, context)).rejects.toThrow(/1 health alert deliveries failed \(sns\)/);
    expect(
      mocks.events
        .commandCalls(PutEventsCommand)
        .flatMap((c) => c.args[0].input.Entries ?? [])
        .some((e) => e.DetailType === 'Coverage Summary'),
    ).toBe(true);
  });

  it('names a missing variable', async () => {
    const { readMonitorEnv } = await import('../../../functions/monitor/config.js');
    expect(() => readMonitorEnv({ CT_STATE_TABLE: 't', CT_BUS_ARN: 'b' })).toThrow(
      'Environment variable CT_HEARTBEAT_MINUTES is required',
    );
    expect(() =>
      readMonitorEnv({ CT_STATE_TABLE: 't', CT_BUS_ARN: 'b', CT_HEARTBEAT_MINUTES: '60', CT_EXEMPT_ACCOUNTS: '123' }),
    ).toThrow(/12-digit/);
  });
});
