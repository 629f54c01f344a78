import { describe, expect, it } from 'vitest';
import {
  createAggregator,
  createMemoryAggregatorState,
  type Envelope,
} from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG, parseAggregatorConfig } from '../../../../functions/engine/config/index.js';
import { alertSchema } from '../../../../functions/engine/findings/index.js';
import { clock, envelope, makeFinding, RecordingSink } from './helpers.js';

function setup(config = DEFAULT_AGGREGATOR_CONFIG) {
  const state = createMemoryAggregatorState();
  const sink = new RecordingSink('sns');
  const time = clock();
  const agg = createAggregator({ state, config, now: time.now, sinks: [sink] });
  return { state, sink, time, agg };
}

describe('trust', () => {
  it('rejects a finding whose body claims another account than its envelope, and raises a health alert about the sender', async () => {
    const { agg, sink } = setup();
    const forged = makeFinding({ account: '222222222222', role: 'Victim' });
    const honest = makeFinding({ account: '111111111111', role: 'Own' });

    const result = await agg.ingest([envelope([forged, honest], '111111111111')]);

    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({
      reason: 'account-mismatch',
      account: '111111111111',
      findingId: forged.id,
    });
    expect(result.alerts.flatMap((a) => a.accounts)).not.toContain('222222222222');
    const spoof = result.alerts.find((a) => a.kind === 'health');
    expect(spoof?.title).toContain('111111111111');
    expect(spoof?.values).toEqual(['222222222222']);
    expect(sink.received.some((a) => a.kind === 'first-seen' && a.accounts[0] === '111111111111')).toBe(true);
  });

  it('rejects schema-invalid input with a reason and still processes the valid findings of the batch', async () => {
    const { agg } = setup();
    const good = makeFinding({ role: 'Good' });
    const envelopes: Envelope[] = [
      { account: '111111111111', detailType: 'Anomaly Finding', detail: 'not json at all' },
      { account: '111111111111', detailType: 'Anomaly Finding', detail: null },
      envelope([{ ...good, id: 'NOT-HEX' } as never, { ...good, id: good.id.replace(/^./, 'f'), score: 400 } as never]),
      { account: '111111111111', detailType: 'Something Else', detail: {} },
      {
        account: '111111111111',
        detailType: 'Anomaly Finding',
        detail: { schemaVersion: 1, groupKey: 'g', part: 0, parts: 1, findings: 'x' },
      },
      envelope([good]),
    ];

    const result = await agg.ingest(envelopes);

    expect(result.rejected.map((r) => r.reason).sort()).toEqual([
      'invalid-batch',
      'invalid-finding',
      'invalid-finding',
      'invalid-finding',
      'invalid-finding',
      'unknown-detail-type',
    ]);
    expect(result.rejected.find((r) => r.detail.startsWith('id'))?.detail).toMatch(/^id: /);
    expect(result.rejected.find((r) => r.detail.startsWith('score'))).toBeDefined();
    expect(result.alerts).toHaveLength(1);
    expect(result.counts.rejected).toBe(6);
    expect(result.failedEnvelopes).toEqual([]);
  });
});

describe('dedup and grouping', () => {
  it('alerts once for a finding delivered twice in one batch and again in a later batch', async () => {
    const { agg, sink } = setup();
    const f = makeFinding();

    const first = await agg.ingest([envelope([f]), envelope([f])]);
    const second = await agg.ingest([envelope([f])]);

    expect(first.alerts).toHaveLength(1);
    expect(first.duplicates).toBe(1);
    expect(second.alerts).toHaveLength(0);
    expect(second.duplicates).toBe(1);
    expect(sink.received).toHaveLength(1);
  });

  it('forgets a finding after the retention window, so a pair re-learned and seen again alerts again', async () => {
    const { agg, time, sink } = setup();
    const f = makeFinding();
    await agg.ingest([envelope([f])]);
    time.advance(31 * 24 * 60);

    const again = await agg.ingest([envelope([f])]);

    expect(again.alerts).toHaveLength(1);
    expect(sink.received).toHaveLength(2);
  });

  it('turns the first-seen findings of one principal in one window into one alert listing every new action', async () => {
    const { agg } = setup();
    const actions = [
      'iam.amazonaws.com:CreateUser',
      'iam.amazonaws.com:AttachUserPolicy',
      's3.amazonaws.com:PutBucketPolicy',
    ];
    const findings = actions.map((action) => makeFinding({ action }));
    const rule = makeFinding({
      kind: 'rule',
      ruleId: 'aws.cloudtrail.trail-stopped',
      action: 'cloudtrail.amazonaws.com:StopLogging',
    });

    // Two parts of the same group, as the agent splits a large group.
    const result = await agg.ingest([envelope(findings.slice(0, 2)), envelope([findings[2]!, rule])]);

    expect(result.alerts).toHaveLength(2);
    const grouped = result.alerts.find((a) => a.kind === 'first-seen')!;
    expect(grouped.values).toEqual([...actions].sort());
    expect(grouped.findings).toHaveLength(3);
    expect(grouped.reasons.join(' ')).toContain('iam:CreateUser');
    expect(result.alerts.find((a) => a.kind === 'rule')!.findings[0]!.id).toBe(rule.id);
    for (const a of result.alerts) expect(alertSchema.safeParse(a).success).toBe(true);
  });

  it('gives a late part of a group the same alert id and sends it as an update', async () => {
    const { agg, sink } = setup();
    const a = makeFinding({ action: 'iam.amazonaws.com:CreateUser' });
    const b = makeFinding({ action: 'iam.amazonaws.com:CreateAccessKey' });

    const first = await agg.ingest([envelope([a])]);
    const second = await agg.ingest([envelope([b])]);

    expect(second.alerts[0]!.id).toBe(first.alerts[0]!.id);
    expect(second.alerts[0]!.values).toEqual(['iam.amazonaws.com:CreateAccessKey', 'iam.amazonaws.com:CreateUser']);
    expect(second.counts.updates).toBe(1);
    expect(second.alerts[0]!.reasons.join(' ')).toMatch(/Update of the alert first sent/);
    expect(sink.received).toHaveLength(2);
  });
});

describe('routing and delivery', () => {
  it('keeps delivering to the other sinks when one fails, and retries only the failed sink on redelivery', async () => {
    const state = createMemoryAggregatorState();
    const good = new RecordingSink('sns');
    const bad = new RecordingSink('slack');
    bad.fail = 'throw';
    const agg = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: clock().now, sinks: [good, bad] });
    const env = envelope([makeFinding()]);

    const first = await agg.ingest([env]);
    expect(good.received).toHaveLength(1);
    expect(first.failedEnvelopes).toEqual([0]);
    expect(first.deliveries[0]!.failed[0]!.reason).toContain('slack is down');

    bad.fail = 'none';
    const retry = await agg.ingest([env]);
    expect(retry.failedEnvelopes).toEqual([]);
    expect(good.received).toHaveLength(1);
    expect(bad.received).toHaveLength(1);
    expect(retry.deliveries[0]!.alreadyDelivered).toEqual(['sns']);

    const third = await agg.ingest([env]);
    expect(third.duplicates).toBe(1);
  });

  it('routes by severity: an alert under the threshold is counted and sent nowhere', async () => {
    const config = parseAggregatorConfig({
      routing: { minSeverity: 'medium', sinks: { slack: { minSeverity: 'high' } } },
    });
    const state = createMemoryAggregatorState();
    const sns = new RecordingSink('sns');
    const slack = new RecordingSink('slack');
    const agg = createAggregator({ state, config, now: clock().now, sinks: [sns, slack] });

    const result = await agg.ingest([
      envelope([makeFinding({ role: 'Quiet', severity: 'info', score: 5 })]),
      envelope([makeFinding({ role: 'Medium', severity: 'medium', score: 50 })]),
      envelope([makeFinding({ role: 'Loud', severity: 'high', score: 70 })]),
    ]);

    expect(result.counts.belowThreshold).toBe(1);
    expect(sns.received.map((a) => a.principals[0]!.name).sort()).toEqual(['Loud', 'Medium']);
    expect(slack.received.map((a) => a.principals[0]!.name)).toEqual(['Loud']);
  });

  it('counts suppressed findings and keeps them as suppressed alerts that on-call sinks do not get', async () => {
    const { agg, sink } = setup();
    const f = makeFinding({ flags: ['suppressed:terraform pipeline (expires 2027-01-01)'] });

    const result = await agg.ingest([envelope([f])]);

    expect(result.counts.suppressed).toBe(1);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]!.suppressed?.reason).toContain('terraform pipeline');
    expect(sink.received).toHaveLength(0);
  });

  it('reports the envelope for retry when another invocation holds a claim on its finding', async () => {
    const { agg, state, sink, time } = setup();
    const f = makeFinding();
    await state.claimFindings([f.id], 'other-invocation', time.now(), '2026-11-20T12:05:00.000Z');

    const busy = await agg.ingest([envelope([f])]);
    expect(busy.counts.busy).toBe(1);
    expect(busy.failedEnvelopes).toEqual([0]);
    expect(sink.received).toHaveLength(0);

    time.advance(6);
    const later = await agg.ingest([envelope([f])]);
    expect(later.alerts).toHaveLength(1);
  });
});

describe('heartbeats', () => {
  const heartbeat = (accountId: string, learnedActions: string[]) => ({
    schemaVersion: 1,
    accountId,
    region: 'eu-west-1',
    runId: 'run-1',
    startedAt: '2026-11-20T11:00:00Z',
    finishedAt: '2026-11-20T11:01:00Z',
    windowFrom: '2026-11-20T10:00:00Z',
    windowTo: '2026-11-20T10:45:00Z',
    watermark: '2026-11-20T10:45:00Z',
    counts: { records: 10 },
    learnedActions,
    detectorVersion: '0.1.0',
  });

  it('stores heartbeats for the monitor and rejects one that claims another account', async () => {
    const { agg, state } = setup();

    const result = await agg.ingest([
      {
        account: '111111111111',
        detailType: 'Agent Heartbeat',
        detail: heartbeat('111111111111', ['s3.amazonaws.com:ListBuckets']),
      },
      { account: '333333333333', detailType: 'Agent Heartbeat', detail: heartbeat('111111111111', []) },
    ]);

    expect(result.counts.heartbeats).toBe(1);
    expect(result.rejected[0]!.reason).toBe('account-mismatch');
    const stored = await state.listHeartbeats();
    expect(stored.map((h) => h.accountId)).toEqual(['111111111111']);
    const prevalence = await state.getPrevalence(['s3.amazonaws.com:ListBuckets']);
    expect(Object.keys(prevalence.actions.get('s3.amazonaws.com:ListBuckets')!.accounts)).toEqual(['111111111111']);
  });
});
