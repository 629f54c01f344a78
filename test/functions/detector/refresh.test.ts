/**
 * The refresh policy with the DynamoDB store: a busy account does not pay a write per pair per run.
 * Known pairs are rewritten (lastSeen, expiresAt) only when their lastSeen is older than refreshDays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../../../functions/adapters/aws/shared/index.js';
import { DEFAULT_DETECTION_CONFIG } from '../../../functions/engine/config/index.js';
import { runAccount } from '../../../functions/engine/detect/index.js';
import { Dimension, entryId } from '../../../functions/engine/baseline/index.js';
import type { Finding, FindingBus } from '../../../functions/engine/findings/index.js';
import { toIso } from '../../../functions/engine/cloudtrail/index.js';
import { startDynalite, type LocalDynamo } from '../../support/dynalite.js';
import { ACCOUNT, HOUR, activityRow, RowsSource, rangeTo } from './stand-ins.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
  await dynamo.createTable('refresh');
});
afterAll(async () => {
  await dynamo.stop();
});

const ACTIONS = [
  'ec2.amazonaws.com:DescribeInstances',
  's3.amazonaws.com:ListBuckets',
  'sts.amazonaws.com:GetCallerIdentity',
  'logs.amazonaws.com:PutLogEvents',
];
/** The same automation every hour for three days. */
const ROWS = Array.from({ length: 72 }, (_, h) =>
  ACTIONS.map((a) => activityRow('automation', a, toIso(Date.parse('2026-11-01T00:10:00Z') + h * HOUR))),
).flat();
const bus: FindingBus = {
  publish: async (f: readonly Finding[]) => ({ published: f.length, failed: [] }),
  heartbeat: async () => {},
};

describe('refresh policy with the DynamoDB store', () => {
  it('writes a known pair at most once a day, and keeps it alive', async () => {
    const writesPerRun: number[] = [];
    for (let h = 1; h <= 72; h += 1) {
      const counter = new AwsCallCounter();
      const now = Date.parse('2026-11-01T00:20:00Z') + h * HOUR;
      await runAccount({
        accountId: ACCOUNT,
        source: new RowsSource(ROWS),
        baseline: new DynamoBaselineStore({ tableName: 'refresh', client: documentClient(dynamo.client()), counter }),
        bus,
        config: DEFAULT_DETECTION_CONFIG,
        now: toIso(now),
        runId: `run-${h}`,
        range: rangeTo(toIso(now - 15 * 60_000), '2026-11-01T00:00:00.000Z'),
      });
      writesPerRun.push(counter.snapshot().calls['dynamodb:UpdateItem'] ?? 0);
    }
    const store = new DynamoBaselineStore({ tableName: 'refresh', client: documentClient(dynamo.client()) });
    const keys = ACTIONS.map((value) => ({
      principalKey: `arn:aws:iam::${ACCOUNT}:role/automation`,
      dimension: Dimension.Action,
      value,
    }));
    const entries = await store.getEntries(ACCOUNT, keys);

    // 72 runs; entry writes happen on the first run (learned) and about once a day after (refresh)
    const entryWrites = writesPerRun.reduce((a, b) => a + b, 0);
    expect(entryWrites).toBeLessThan((72 * ACTIONS.length) / 4);
    expect(writesPerRun.filter((n) => n === 0).length).toBeGreaterThan(60);
    for (const key of keys) {
      const e = entries.get(entryId(key))!;
      expect(Date.parse(e.lastSeen)).toBeGreaterThan(Date.parse('2026-11-03T00:00:00Z'));
      expect(Date.parse(e.expiresAt)).toBeGreaterThan(Date.parse('2027-01-31T00:00:00Z'));
    }
  });
});
