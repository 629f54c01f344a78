import { describe, expect, it } from 'vitest';
import { buildReportData, defaultLimits } from '../../../functions/report/index.js';
import { alertSchema } from '../../../functions/engine/findings/index.js';
import type { Alert } from '../../../functions/engine/findings/index.js';
import { makeOrg } from './support/make-org.js';

const org = makeOrg({ alerts: 120, seed: 3 });

function withFindings(alert: Alert, copies: number): Alert {
  const base = alert.findings[0]!;
  const findings = Array.from({ length: copies }, (_, i) => ({
    ...base,
    id: `${i.toString(16).padStart(4, '0')}${base.id.slice(4)}`,
    value: `svc.amazonaws.com:Action${i}`,
    evidence: {
      ...base.evidence,
      samples: [{ ...(base.evidence.samples[0] ?? {}), eventID: `ev-${i}` }, { eventID: 'shared' }],
    },
  }));
  return alertSchema.parse({ ...alert, findings });
}

describe('buildReportData', () => {
  it('writes one column entry per alert, with accounts, principals and detectors interned', () => {
    const { list, details } = buildReportData(org);
    expect(list.alerts.id).toEqual(org.alerts.map((a) => a.id));
    expect(details.alerts).toHaveLength(org.alerts.length);
    org.alerts.forEach((alert, i) => {
      expect(list.alerts.acc[i]!.map((k) => list.dict.accounts[k])).toEqual(alert.accounts);
      expect(list.alerts.pr[i]!.map((k) => list.dict.principals[k]!.key)).toEqual(alert.principals.map((p) => p.key));
      expect(list.alerts.det[i]!.map((k) => list.dict.detectors[k])).toEqual([
        ...new Set(alert.findings.map((f) => f.detectorId)),
      ]);
      expect(list.alerts.t0[i]).toBe(Date.parse(alert.firstEventTime));
      expect(list.alerts.sup[i]).toBe(alert.suppressed ? alert.suppressed.reason : null);
    });
    expect(new Set(list.dict.accounts).size).toBe(list.dict.accounts.length);
  });

  it('keeps at most the limit of distinct raw records per alert, spread over its findings, and counts the rest', () => {
    const alert = withFindings(org.alerts[0]!, 6);
    const limits = { ...defaultLimits(1), samplesPerAlert: 4 };
    const { list, details } = buildReportData(
      { alerts: [alert], summary: null, generatedAt: '2026-11-22T00:00:00Z' },
      limits,
    );
    const shown = (details.alerts[0] as { findings: Array<{ ev: { s: number[] } }> }).findings;
    const refs = new Set(shown.flatMap((f) => f.ev.s));
    expect(refs.size).toBe(4);
    expect(details.samples).toHaveLength(4);
    // Round-robin: the first record of each of the first findings comes before any second record.
    expect(shown.slice(0, 3).every((f) => f.ev.s.length >= 1)).toBe(true);
    expect(list.meta['samplesDropped']).toBe(7 - 4);
  });

  it('stores a record shared by several findings or alerts once', () => {
    const a = withFindings(org.alerts[0]!, 2);
    const b = alertSchema.parse({ ...withFindings(org.alerts[1]!, 2), id: 'f'.repeat(32) });
    const { details } = buildReportData(
      { alerts: [a, b], summary: null, generatedAt: '2026-11-22T00:00:00Z' },
      { ...defaultLimits(2), samplesPerAlert: 10 },
    );
    const ids = (details.samples as Array<{ eventID: string }>).map((s) => s.eventID);
    expect(ids.filter((id) => id === 'shared')).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('details at most findingsPerAlert findings and counts the others', () => {
    const alert = withFindings(org.alerts[0]!, 9);
    const { details } = buildReportData(
      { alerts: [alert], summary: null, generatedAt: 'x' },
      { ...defaultLimits(1), findingsPerAlert: 5 },
    );
    const d = details.alerts[0] as { findings: unknown[]; moreFindings: number };
    expect(d.findings).toHaveLength(5);
    expect(d.moreFindings).toBe(4);
  });

  it('cuts long attacker strings and deep structures in the details', () => {
    const alert = org.alerts[0]!;
    const huge = 'A'.repeat(50_000);
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 40; i++) cursor = (cursor['n'] = {}) as Record<string, unknown>;
    const poisoned = alertSchema.parse({
      ...alert,
      reasons: [huge],
      findings: [{ ...alert.findings[0]!, context: { deep, huge } }],
    });
    const { details } = buildReportData({ alerts: [poisoned], summary: null, generatedAt: 'x' });
    const text = JSON.stringify(details);
    expect(text.length).toBeLessThan(30_000);
    expect(text).toContain('more chars]');
    expect(text).toContain('nested too deep');
  });

  it('sums activity per hour and account, flooring times to the hour and skipping bad points', () => {
    const { list } = buildReportData({
      alerts: [],
      summary: null,
      generatedAt: 'x',
      activity: [
        { hour: '2026-11-14T10:00:00Z', accountId: '1', events: 5 },
        { hour: '2026-11-14T10:59:00Z', accountId: '1', events: 7 },
        { hour: '2026-11-14T10:00:00Z', accountId: '2', events: 1 },
        { hour: 'not a time', accountId: '1', events: 3 },
      ],
    });
    const hour = Date.parse('2026-11-14T10:00:00Z');
    expect(list.activity).toEqual({ t: [hour, hour], acc: [0, 1], n: [12, 1] });
  });

  it('embeds only the baselines of principals that have alerts', () => {
    const alert = org.alerts[0]!;
    const key = `${alert.accounts[0]}|${alert.principals[0]!.key}`;
    const { list } = buildReportData({
      alerts: [alert],
      summary: null,
      generatedAt: 'x',
      baselines: {
        [key]: { firstSeen: '2026-01-01T00:00:00Z', knownValues: 12 },
        'other|p': { firstSeen: '2026-01-01T00:00:00Z', knownValues: 1 },
      },
    });
    expect(list.baselines).toEqual({ [key]: [Date.parse('2026-01-01T00:00:00Z'), 12] });
  });

  it('scales the samples kept per alert down as the alert count grows', () => {
    expect(defaultLimits(100).samplesPerAlert).toBeGreaterThan(defaultLimits(10_000).samplesPerAlert);
    expect(defaultLimits(10_000).samplesPerAlert).toBeGreaterThan(defaultLimits(50_000).samplesPerAlert);
  });
});

describe('buildReportData evidence lists', () => {
  it('keeps the first evidencePerList items of each list and counts the rest', () => {
    const alert = org.alerts[0]!;
    const f = alert.findings[0]!;
    const many = Array.from({ length: 30 }, (_, i) => `10.0.0.${i}`);
    const big = alertSchema.parse({
      ...alert,
      findings: [{ ...f, evidence: { ...f.evidence, sourceIps: many, eventIds: many } }],
    });
    const { details } = buildReportData(
      { alerts: [big], summary: null, generatedAt: 'x' },
      { ...defaultLimits(1), evidencePerList: 4 },
    );
    const ev = (
      details.alerts[0] as { findings: Array<{ ev: { ips: string[]; ids: string[]; more: Record<string, number> } }> }
    ).findings[0]!.ev;
    expect(ev.ips).toEqual(many.slice(0, 4));
    expect(ev.ids).toHaveLength(4);
    expect(ev.more).toMatchObject({ ips: 26, ids: 26, uas: 0 });
  });
});
