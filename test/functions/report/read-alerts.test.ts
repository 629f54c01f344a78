import { describe, expect, it } from 'vitest';
import { parseAlertLine, readAlerts } from '../../../functions/report/index.js';
import { makeOrg } from './support/make-org.js';

const [alert] = makeOrg({ alerts: 1, seed: 11 }).alerts;

describe('readAlerts', () => {
  it('keeps valid alerts and counts every other line with its number and reason', async () => {
    const lines = [
      JSON.stringify(alert),
      '',
      '{"not":"an alert"}',
      'garbage {',
      `\uFEFF${JSON.stringify(alert)}`,
      JSON.stringify({ ...alert, severity: 'urgent' }),
    ];
    const { alerts, source } = await readAlerts(lines, 'alerts.jsonl');
    expect(alerts).toHaveLength(2);
    expect(source).toMatchObject({ path: 'alerts.jsonl', lines: 6, skipped: 3 });
    expect(source.problems.map((p) => p.line)).toEqual([3, 4, 6]);
    expect(source.problems[1]!.reason).toBe('not JSON');
    expect(source.problems[2]!.reason).toMatch(/^not an alert: severity/);
  });

  it('keeps only the first problems but counts all of them', async () => {
    const { source } = await readAlerts(
      Array.from({ length: 30 }, () => 'x'),
      'a',
      { maxProblems: 5 },
    );
    expect(source.skipped).toBe(30);
    expect(source.problems).toHaveLength(5);
  });

  it('reads an async stream of lines', async () => {
    async function* lines() {
      yield JSON.stringify(alert);
      yield JSON.stringify(alert);
    }
    const { alerts } = await readAlerts(lines(), '-');
    expect(alerts.map((a) => a.id)).toEqual([alert!.id, alert!.id]);
  });
});

describe('parseAlertLine', () => {
  it('says when the input is a JSON array or a CloudTrail file rather than jsonl', () => {
    expect(parseAlertLine('[{"a":1},')).toEqual({ ok: false, reason: expect.stringContaining('one alert per line') });
    expect(parseAlertLine('{"Records":[')).toEqual({ ok: false, reason: expect.stringContaining('CloudTrail file') });
  });

  it('ignores blank lines', () => {
    expect(parseAlertLine('   \r')).toBeNull();
  });
});
