import { describe, expect, it } from 'vitest';
import {
  assessCoverage,
  fleetSummaryAlert,
  type HeartbeatRecord,
  type OrgAccount,
} from '../../../../functions/engine/aggregate/index.js';
import type { Heartbeat } from '../../../../functions/engine/findings/index.js';

const NOW = '2026-11-20T12:00:00.000Z';

function beat(accountId: string, receivedAt: string): HeartbeatRecord {
  return {
    accountId,
    receivedAt,
    heartbeat: {
      schemaVersion: 1,
      accountId,
      region: 'eu-west-1',
      runId: `run-${accountId}`,
      startedAt: receivedAt,
      finishedAt: receivedAt,
      windowFrom: null,
      windowTo: null,
      watermark: null,
      counts: {},
      learnedActions: [],
      detectorVersion: '0.1.0',
    },
  };
}

const account = (id: string, joinedAt: string | null = '2025-01-01T00:00:00Z'): OrgAccount => ({
  id,
  name: `acct-${id.slice(-2)}`,
  joinedAt,
});

describe('coverage', () => {
  it('alerts on an agent silent for more than two intervals and on an account that never had one', () => {
    const report = assessCoverage({
      accounts: [account('111111111111'), account('222222222222'), account('333333333333')],
      heartbeats: [beat('111111111111', '2026-11-20T11:30:00.000Z'), beat('222222222222', '2026-11-20T09:30:00.000Z')],
      now: NOW,
      intervalMinutes: 60,
    });

    expect(report.summary.reporting).toBe(1);
    expect(report.summary.silent).toEqual([
      {
        accountId: '222222222222',
        name: 'acct-22',
        region: 'eu-west-1',
        lastHeartbeat: '2026-11-20T09:30:00.000Z',
        silentFor: '2.5 h',
      },
    ]);
    expect(report.summary.missing.map((m) => m.accountId)).toEqual(['333333333333']);
    expect(report.summary.coverage).toBeCloseTo(1 / 3, 2);
    expect(report.alerts.map((a) => a.title)).toEqual([
      'Agent silent for 2.5 h in 222222222222 (acct-22)',
      'No agent in account 333333333333 (acct-33)',
    ]);
    expect(report.alerts.every((a) => a.kind === 'health')).toBe(true);
  });

  it('does not alert on an agent within two intervals, an account still in its rollout grace, or an exempt account', () => {
    const report = assessCoverage({
      accounts: [account('111111111111'), account('222222222222', '2026-11-20T11:00:00.000Z'), account('444444444444')],
      heartbeats: [beat('111111111111', '2026-11-20T10:01:00.000Z')],
      now: NOW,
      intervalMinutes: 60,
      exempt: ['444444444444'],
    });

    expect(report.alerts).toEqual([]);
    expect(report.summary.missing.map((m) => m.accountId)).toEqual(['222222222222']);
    expect(report.summary.exempt).toEqual(['444444444444']);
  });

  it('keeps the same alert id for one silence episode and a new one after the agent came back and fell silent again', () => {
    const opts = { accounts: [account('111111111111')], now: NOW, intervalMinutes: 60 };
    const a = assessCoverage({ ...opts, heartbeats: [beat('111111111111', '2026-11-20T08:00:00.000Z')] });
    const b = assessCoverage({
      ...opts,
      now: '2026-11-20T13:00:00.000Z',
      heartbeats: [beat('111111111111', '2026-11-20T08:00:00.000Z')],
    });
    const c = assessCoverage({
      ...opts,
      now: '2026-11-20T18:00:00.000Z',
      heartbeats: [beat('111111111111', '2026-11-20T14:00:00.000Z')],
    });

    expect(a.alerts[0]!.id).toBe(b.alerts[0]!.id);
    expect(c.alerts[0]!.id).not.toBe(a.alerts[0]!.id);
  });

  it('lists heartbeats from accounts outside the organization', () => {
    const report = assessCoverage({
      accounts: [],
      heartbeats: [beat('999999999999', '2026-11-20T11:59:00.000Z')],
      now: NOW,
      intervalMinutes: 60,
    });
    expect(report.summary.outside).toEqual([{ accountId: '999999999999', lastHeartbeat: '2026-11-20T11:59:00.000Z' }]);
  });
});

/** A live agent's record: received 10 minutes ago, with what its heartbeat and the state say. */
function live(
  accountId: string,
  heartbeat: Partial<Heartbeat>,
  record: Partial<HeartbeatRecord> = {},
): HeartbeatRecord {
  const base = beat(accountId, '2026-11-20T11:50:00.000Z');
  return {
    ...base,
    heartbeat: { ...base.heartbeat, watermark: '2026-11-20T11:00:00.000Z', agentVersion: 'v2', ...heartbeat },
    failedInARow: 0,
    lastOkAt: '2026-11-20T11:50:00.000Z',
    versionSince: '2026-11-19T08:00:00.000Z',
    ...record,
  };
}

describe('fleet health', () => {
  const accounts = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'].map(
    (id) => account(id),
  );
  const heartbeats = [
    live('111111111111', {}),
    live(
      '222222222222',
      {
        outcome: 'failed',
        errorClass: 'trail-access-denied',
        error: 'Athena query q FAILED: Permission denied on S3 path: s3://org-trail/AWSLogs/o-x/222222222222/',
        watermark: null,
      },
      { failedInARow: 3, lastOkAt: '2026-11-20T08:50:00.000Z', watermark: '2026-11-20T08:00:00.000Z' },
    ),
    live(
      '333333333333',
      { outcome: 'complete', watermark: '2026-10-20T12:00:00.000Z' },
      { watermark: '2026-10-20T12:00:00.000Z' },
    ),
    beat('444444444444', '2026-11-20T06:00:00.000Z'),
    live('666666666666', { agentVersion: 'v1' }, { versionSince: '2026-11-01T00:00:00.000Z' }),
  ];
  const report = assessCoverage({
    accounts,
    heartbeats,
    now: NOW,
    intervalMinutes: 60,
    health: { failedRunsInARow: 3, expectedVersion: 'v2', rolloutGraceMinutes: 120 },
  });
  const titles = report.alerts.map((a) => a.title);

  it('sends one alert each for a failing, a stale, a silent, an outdated and a missing agent, and none for a healthy one', () => {
    expect(titles).toEqual([
      'Agent silent for 6 h in 444444444444 (acct-44)',
      'No agent in account 555555555555 (acct-55)',
      'Agent failing in 222222222222 (acct-22): 3 runs in a row, trail-access-denied',
      'Agent in 333333333333 (acct-33) is 31 days behind',
      'Agent in 666666666666 (acct-66) still runs v1, not v2',
    ]);
    expect(titles.some((t) => t.includes('111111111111'))).toBe(false);
  });

  it('explains a failing agent with its cause, the error and the fix', () => {
    const failing = report.alerts.find((a) => a.title.startsWith('Agent failing'))!;
    expect(failing.severity).toBe('high');
    expect(failing.reasons.join('\n')).toMatch(/last good run 3.2 h ago/);
    expect(failing.reasons.join('\n')).toMatch(/Permission denied on S3 path/);
    expect(failing.reasons.join('\n')).toMatch(/log-archive bucket policy/);
  });

  it('counts as covered only the accounts whose agent is healthy', () => {
    expect(report.summary).toMatchObject({ accounts: 6, reporting: 4, healthy: 2, coverage: 0.333, uncovered: 1 });
    expect(report.summary.failing).toEqual([expect.objectContaining({ accountId: '222222222222', failedInARow: 3 })]);
    expect(report.summary.stale.map((s) => s.accountId)).toEqual(['333333333333']);
    expect(report.summary.outdated).toEqual([{ accountId: '666666666666', region: 'eu-west-1', version: 'v1' }]);
    expect(report.summary.versions).toEqual({ v2: 3, v1: 1, unknown: 1 });
  });

  it('gives a failing agent one alert per failure episode', () => {
    const again = assessCoverage({
      accounts,
      heartbeats,
      now: '2026-11-20T13:00:00.000Z',
      intervalMinutes: 60,
      health: { failedRunsInARow: 3 },
    });
    const id = (r: typeof report) => r.alerts.find((a) => a.title.startsWith('Agent failing'))!.id;
    expect(id(again)).toBe(id(report));
  });

  it('does not call a single failed run, or an old version still inside the rollout grace, a problem', () => {
    const calm = assessCoverage({
      accounts: [account('111111111111'), account('666666666666')],
      heartbeats: [
        live(
          '111111111111',
          { outcome: 'failed', errorClass: 'athena' },
          { failedInARow: 1, versionSince: '2026-11-20T10:00:00.000Z' },
        ),
        live('666666666666', { agentVersion: 'v1' }),
      ],
      now: NOW,
      intervalMinutes: 60,
      health: { expectedVersion: 'v2', rolloutGraceMinutes: 24 * 60 },
    });
    expect(calm.alerts).toEqual([]);
    expect(calm.summary.coverage).toBe(1);
  });

  it('does not call a new agent that is still learning its history (bootstrap) behind', () => {
    const old = '2026-11-06T12:00:00.000Z';
    const r = assessCoverage({
      accounts: [account('111111111111'), account('222222222222')],
      heartbeats: [
        live('111111111111', { mode: 'bootstrap', outcome: 'catching-up', watermark: old }, { watermark: old }),
        live('222222222222', { mode: 'scheduled', outcome: 'complete', watermark: old }, { watermark: old }),
      ],
      now: NOW,
      intervalMinutes: 60,
    });
    expect(r.alerts.map((a) => a.title)).toEqual(['Agent in 222222222222 (acct-22) is 14 days behind']);
  });

  it('checks every agent region when agents run in several, and ignores a region no agent runs in any more', () => {
    const two = assessCoverage({
      accounts: [account('111111111111')],
      heartbeats: [live('111111111111', { region: 'eu-west-1' }), live('111111111111', { region: 'ap-south-1' })],
      now: NOW,
      intervalMinutes: 60,
      agentRegions: ['eu-west-1', 'us-east-1'],
    });
    expect(two.alerts.map((a) => a.title)).toEqual(['No agent in us-east-1 of account 111111111111 (acct-11)']);
    expect(two.summary.reporting).toBe(0);
  });

  it('takes the newer of a record keyed before regions and one keyed by region', () => {
    const old = beat('111111111111', '2026-11-20T02:00:00.000Z');
    const fresh = live('111111111111', {});
    const r = assessCoverage({
      accounts: [account('111111111111')],
      heartbeats: [old, fresh],
      now: NOW,
      intervalMinutes: 60,
    });
    expect(r.alerts).toEqual([]);
    expect(r.summary.healthy).toBe(1);
  });

  it('summarises the fleet for the SOC once a day', () => {
    const alert = fleetSummaryAlert(report.summary, { now: NOW, homeAccountId: '999999999999' });
    expect(alert.title).toBe(
      'Fleet health 2026-11-20: 2/6 accounts covered; 1 failing, 1 behind, 1 silent, 1 without an agent, 1 on an old version',
    );
    expect(alert.kind).toBe('health');
    expect(alert.reasons.join('\n')).toMatch(/Failing: 222222222222 \(eu-west-1\) trail-access-denied x3/);
    const tomorrow = fleetSummaryAlert(report.summary, { now: '2026-11-21T08:00:00.000Z', homeAccountId: '9' });
    expect(tomorrow.id).not.toBe(alert.id);
    const healthy = assessCoverage({
      accounts: [account('111111111111')],
      heartbeats: [live('111111111111', {})],
      now: NOW,
      intervalMinutes: 60,
    });
    const calm = fleetSummaryAlert(healthy.summary, { now: NOW, homeAccountId: '999999999999' });
    expect(calm).toMatchObject({
      severity: 'low',
      accounts: ['999999999999'],
      title: 'Fleet health 2026-11-20: 1/1 accounts covered',
    });
  });
});
