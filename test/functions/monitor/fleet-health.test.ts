/**
 * The fleet's health end to end: agents' heartbeats go through the real aggregator into the DynamoDB state
 * (dynalite), then the monitor Lambda alerts once per broken agent through the sinks, sends the SOC's daily
 * summary, and emits the metrics the central alarms read.
 */
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoAggregatorState, stateDocumentClient } from '../../../functions/adapters/aws/aggregator-state/index.js';
import { createAggregator, type Envelope } from '../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../functions/engine/config/index.js';
import type { Heartbeat } from '../../../functions/engine/findings/index.js';
import { MONITOR_METRICS } from '../../../functions/pipeline/fleet-health.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { awsMocks, baseEnv, PublishCommand, PutEventsCommand, setEnv } from '../aggregator/lambda-env.js';

const HOUR = 3_600_000;
const TABLE = 'ct-fleet-state';
const mocks = awsMocks();
const org = mockClient(OrganizationsClient);
const context = { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:999999999999:function:ct-anomaly-monitor' };
let dynamo: LocalDynamo;
let handler: typeof import('../../../functions/monitor/index.js')['handler'];
let restoreEnv: () => void;
let out: string[] = [];

const ids = {
  healthy: '111111111111',
  failing: '222222222222',
  stale: '333333333333',
  silent: '444444444444',
  missing: '555555555555',
  outdated: '666666666666',
};

function heartbeat(accountId: string, at: number, over: Partial<Heartbeat> = {}): Heartbeat {
  const iso = new Date(at).toISOString();
  return {
    schemaVersion: 1,
    accountId,
    region: 'eu-west-1',
    runId: `run-${at}`,
    startedAt: iso,
    finishedAt: iso,
    windowFrom: null,
    windowTo: null,
    watermark: new Date(at - HOUR).toISOString(),
    counts: { failed: 0, windows: 1, events: 10 },
    learnedActions: [],
    detectorVersion: '0.1.0',
    outcome: 'complete',
    errorClass: null,
    error: null,
    watermarkLagMinutes: 60,
    agentVersion: 'v2',
    ...over,
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable(TABLE);
  const state = new DynamoAggregatorState({ tableName: TABLE, client: stateDocumentClient(dynamo.client()) });
  const now = Date.now();
  // Every agent's runs, oldest first, each received by the aggregator at its own time.
  const runs: Array<[number, Heartbeat]> = [];
  for (const hoursAgo of [5, 4, 3, 2, 1]) {
    const at = now - hoursAgo * HOUR;
    runs.push([at, heartbeat(ids.healthy, at)]);
    runs.push([at, heartbeat(ids.outdated, at, { agentVersion: 'v1' })]);
    runs.push([
      at,
      hoursAgo >= 4
        ? heartbeat(ids.failing, at)
        : heartbeat(ids.failing, at, {
            outcome: 'failed',
            counts: { failed: 1 },
            errorClass: 'trail-key-denied',
            error: 'Athena query q FAILED: ... (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)',
            watermark: null,
          }),
    ]);
    runs.push([at, heartbeat(ids.stale, at, { watermark: new Date(now - 3 * 86_400_000).toISOString() })]);
    if (hoursAgo === 5) runs.push([at, heartbeat(ids.silent, at)]);
  }
  for (const [at, hb] of runs) {
    const aggregator = createAggregator({
      state,
      config: DEFAULT_AGGREGATOR_CONFIG,
      now: () => new Date(at).toISOString(),
    });
    const envelope: Envelope = { account: hb.accountId, detailType: 'Agent Heartbeat', detail: hb };
    await aggregator.ingest([envelope]);
  }
  restoreEnv = setEnv({
    ...baseEnv(dynamo.endpoint, TABLE),
    CT_HEARTBEAT_MINUTES: '60',
    CT_AGENT_VERSION: 'v2',
    CT_ROLLOUT_GRACE_MINUTES: '60',
    CT_FAILED_RUNS_ALERT: '3',
    CT_STALE_WATERMARK_MINUTES: '720',
    CT_SUMMARY_HOUR_UTC: '0',
  });
  vi.resetModules();
  handler = (await import('../../../functions/monitor/index.js')).handler;
  org.on(ListAccountsCommand).resolves({
    Accounts: Object.values(ids).map((Id) => ({
      Id,
      Name: `acct-${Id.slice(-2)}`,
      State: 'ACTIVE' as const,
      JoinedTimestamp: new Date('2025-01-01T00:00:00Z'),
    })),
  });
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
}, 60_000);
afterAll(async () => {
  vi.restoreAllMocks();
  restoreEnv();
  mocks.restore();
  org.restore();
  await dynamo.stop();
});

describe('monitor Lambda on a fleet with broken agents', () => {
  it('alerts once for each failing, stale, silent, outdated and missing agent, and summarises the fleet for the SOC', async () => {
    out = [];
    const result = await handler({}, context);

    const subjects = mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject ?? '');
    const about = (id: string) => subjects.filter((s) => s.includes(id) && !s.includes('Fleet health'));
    expect(about(ids.failing)).toEqual([expect.stringMatching(/Agent failing in 222222222222.*3 runs in a row/)]);
    expect(about(ids.stale)).toEqual([expect.stringMatching(/Agent in 333333333333.*behind/)]);
    expect(about(ids.silent)).toEqual([expect.stringMatching(/Agent silent for 5 h in 444444444444/)]);
    expect(about(ids.outdated)).toEqual([expect.stringMatching(/still runs v1, not v2/)]);
    expect(about(ids.missing)).toEqual([expect.stringMatching(/No agent in account 555555555555/)]);
    expect(about(ids.healthy)).toEqual([]);
    expect(subjects.filter((s) => s.includes('Fleet health'))).toHaveLength(1);
    expect(result.summary).toMatchObject({ accounts: 6, healthy: 2, coverage: 0.333 });

    const metrics = out
      .flatMap((chunk) => chunk.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } });
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      Function: 'monitor',
      Failing: 1,
      Stale: 1,
      Silent: 1,
      Uncovered: 1,
      Outdated: 1,
    });
    expect(metrics[0]!._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'ct-anomaly',
        Dimensions: [['Function']],
        Metrics: MONITOR_METRICS.map((Name) => ({ Name, Unit: Name === 'CoveragePercent' ? 'Percent' : 'Count' })),
      },
    ]);

    mocks.reset();
    const again = await handler({}, context);
    expect(again.sent).toEqual([]);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(
      mocks.events
        .commandCalls(PutEventsCommand)
        .flatMap((c) => c.args[0].input.Entries ?? [])
        .map((e) => e.DetailType),
    ).toEqual(['Coverage Summary']);
  });
});
