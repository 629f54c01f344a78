/**
 * A new agent (empty baseline) first learns its account's recent history, a day per step across runs
 * (time-budgeted, resumable), and only then reports: auto-deployed accounts start informed. Over the
 * Athena twin (the agent's query run by DuckDB over delivery files) with DynamoDB on dynalite.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../../../functions/adapters/aws/shared/index.js';
import { type Config, DEFAULT_CONFIG } from '../../../functions/engine/config/index.js';
import type { Finding, FindingBus } from '../../../functions/engine/findings/index.js';
import { event, identity } from '../../../functions/engine/rules/case-builder.js';
import { type AgentReport, runAgent } from '../../../functions/pipeline/agent-run.js';
import { createLogger } from '../../../functions/pipeline/log.js';
import {
  accountLocation,
  deliveryFiles,
  openTwinDuck,
  twinSource,
  writeDeliveryFile,
} from '../../support/athena-twin.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { useTempDir } from '../../support/temp-dir.js';

const ACCOUNT = '210987654321';
const START = Date.parse('2026-05-04T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Deployed on day 3 at 01:00: three days of history before it. */
const DEPLOYED = START + 3 * DAY + HOUR;
const ops = identity.role('ops-admin', 'olga', ACCOUNT);
const ci = identity.role('ci-deployer', 'build-1', ACCOUNT);

const dir = useTempDir('ct-bootstrap-', 'all');
let dynamo: LocalDynamo;
let closeDuck: (() => void) | undefined;
let connection: DuckDBConnection;

const call = (as: typeof ops, service: string, name: string, ms: number) =>
  event(service, name, { as, account: ACCOUNT, time: new Date(ms).toISOString(), region: 'us-east-1' });

beforeAll(async () => {
  // History: both roles list buckets every 6 hours from day 0; ci stops a trail on day 1 (history, not news).
  for (let t = START + HOUR; t < DEPLOYED; t += 6 * HOUR) {
    writeDeliveryFile(
      dir(),
      null,
      ACCOUNT,
      'us-east-1',
      t + 5 * 60_000,
      [
        call(ops, 's3', 'ListBuckets', t),
        call(ci, 's3', 'ListBuckets', t + 60_000),
        ...(t === START + DAY + HOUR ? [call(ci, 'cloudtrail', 'StopLogging', t + 120_000)] : []),
      ],
      `h${t}`,
    );
  }
  // After the deployment: ops lists buckets as always, and deletes a bucket policy (new for it).
  const after = DEPLOYED + 2 * HOUR;
  writeDeliveryFile(
    dir(),
    null,
    ACCOUNT,
    'us-east-1',
    after + 5 * 60_000,
    [call(ops, 's3', 'ListBuckets', after), call(ops, 's3', 'DeleteBucketPolicy', after + 60_000)],
    'after',
  );
  dynamo = await startDynalite();
  ({ connection, close: closeDuck } = await openTwinDuck());
}, 60_000);

afterAll(async () => {
  closeDuck?.();
  await dynamo?.stop();
});

/** Runs the agent at `now` with `remaining` ms of Lambda time (a fixed value: the budget is what is left). */
async function runAt(table: string, config: Config, now: number, found: Finding[], remaining = 600_000) {
  const location = accountLocation(dir(), null, ACCOUNT);
  const baseline = new DynamoBaselineStore({
    tableName: table,
    client: documentClient(dynamo.client()),
    sleep: async () => {},
  });
  const bus: FindingBus = {
    publish: async (findings) => {
      found.push(...findings);
      return { published: findings.length, failed: [] };
    },
    heartbeat: async () => {},
  };
  const counter = new AwsCallCounter();
  const report = await runAgent(
    {
      config: { detection: config, maxWindowsPerRun: 48 },
      accountId: ACCOUNT,
      region: 'us-east-1',
      source: twinSource(connection, {
        location,
        accountId: ACCOUNT,
        regions: ['us-east-1'],
        files: () => deliveryFiles(location).map((f) => f.path),
        nowMs: () => now,
        counter,
      }),
      baseline,
      bus,
      counter,
      log: createLogger('error', {}, () => {}),
      clock: () => new Date(now),
      emit: () => {},
    },
    { runId: `${table}-${now}`, remainingMs: () => remaining, reserveMs: 1000 },
  );
  return { report, checkpoint: await baseline.getCheckpoint(ACCOUNT) };
}

const config: Config = { ...DEFAULT_CONFIG, learningDays: 2, bootstrapDays: 3 };

describe('a new agent bootstraps its baseline from history before it reports', () => {
  it('learns the last days a step per run when time is short, resumes, then reports only what is new', async () => {
    await dynamo.createTable('boot-steps');
    const found: Finding[] = [];
    const reports: AgentReport[] = [];
    // Each invocation has time for one day-long step only (less than three reserves left after it).
    let now = DEPLOYED;
    for (let i = 0; i < 3; i++) {
      const { report, checkpoint } = await runAt('boot-steps', config, now, found, 2500);
      reports.push(report);
      if (i < 2) {
        expect(report).toMatchObject({ mode: 'bootstrap', outcome: 'catching-up' });
        expect(checkpoint?.learnUntil).toBe(new Date(DEPLOYED - 5 * 60_000).toISOString());
      } else {
        expect(report).toMatchObject({ mode: 'bootstrap', outcome: 'complete' });
        expect(checkpoint?.learnUntil).toBeUndefined();
      }
      now += 5 * 60_000;
    }
    expect(reports.map((r) => r.from)).toEqual([
      new Date(DEPLOYED - 5 * 60_000 - 3 * DAY).toISOString(),
      new Date(DEPLOYED - 5 * 60_000 - 2 * DAY).toISOString(),
      new Date(DEPLOYED - 5 * 60_000 - DAY).toISOString(),
    ]);
    expect(reports.map((r) => r.athena.queries)).toEqual([1, 1, 1]);
    expect(reports.reduce((n, r) => n + r.learned, 0)).toBeGreaterThanOrEqual(3);
    // History is learned silently: the StopLogging of day 1 is not news.
    expect(found).toEqual([]);

    // Scheduled runs from there: the first reports from where the bootstrap ended.
    for (now = DEPLOYED + 10 * 60_000; now <= DEPLOYED + 4 * HOUR; now += HOUR) {
      const { report } = await runAt('boot-steps', config, now, found);
      expect(report.mode).toBe('scheduled');
    }
    // ops is past its learning period (first seen 3 days ago): its new action is reported, its routine not.
    expect(found.map((f) => `${f.principal.name} ${f.value}`)).toEqual([
      'ops-admin s3.amazonaws.com:DeleteBucketPolicy',
    ]);
  }, 120_000);

  it('with time to spare, learns every step in one invocation', async () => {
    await dynamo.createTable('boot-once');
    const found: Finding[] = [];
    const { report, checkpoint } = await runAt('boot-once', config, DEPLOYED, found);
    expect(report).toMatchObject({ mode: 'bootstrap', outcome: 'complete' });
    expect(report.athena.queries).toBe(3); // three day-long steps
    expect(checkpoint?.delivered['*']).toBe(new Date(DEPLOYED - 5 * 60_000).toISOString());
    expect(found).toEqual([]);
  }, 60_000);

  it('without a bootstrap (bootstrapDays 0) a new agent starts one window back and knows no one', async () => {
    await dynamo.createTable('boot-none');
    const found: Finding[] = [];
    const none = { ...config, bootstrapDays: 0 };
    const first = await runAt('boot-none', none, DEPLOYED, found);
    expect(first.report.mode).toBe('scheduled');
    for (let now = DEPLOYED + HOUR; now <= DEPLOYED + 4 * HOUR; now += HOUR) await runAt('boot-none', none, now, found);
    // ops is first seen now: still learning, so its new action goes unreported, unlike after a bootstrap.
    expect(found.map((f) => f.value)).not.toContain('s3.amazonaws.com:DeleteBucketPolicy');
  }, 60_000);
});
