import { describe, expect, it } from 'vitest';
import { assessCoverage, type HeartbeatRecord, type OrgAccount } from '../../../../functions/engine/aggregate/index.js';

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
      { accountId: '222222222222', name: 'acct-22', lastHeartbeat: '2026-11-20T09:30:00.000Z', silentFor: '2.5 h' },
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
