import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeOrg } from '../report/support/make-org.js';
import { runCli } from './support/run-cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

const org = makeOrg({ alerts: 12, seed: 21 });
const jsonl = org.alerts.map((a) => JSON.stringify(a)).join('\n');

function embedded(html: string): {
  meta: { source: { skipped: number; problems: Array<{ line: number }> } };
  alerts: { id: string[] };
  summary: unknown;
} {
  return JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!);
}

describe('ct-anomaly report', () => {
  it('renders a jsonl file, counting lines that are not alerts instead of failing', async () => {
    const dir = makeTempDir('ct-report-');
    writeFileSync(join(dir, 'alerts.jsonl'), `${jsonl}\nnot json\n{"kind":"rule"}\n`);
    const t = await runCli(['report', join(dir, 'alerts.jsonl'), '-o', join(dir, 'r.html')]);
    expect(t.code).toBe(0);
    const data = embedded(readFileSync(join(dir, 'r.html'), 'utf8'));
    expect(data.alerts.id).toEqual(org.alerts.map((a) => a.id));
    expect(data.meta.source.skipped).toBe(2);
    expect(data.meta.source.problems.map((p) => p.line)).toEqual([13, 14]);
    expect(t.out).toMatch(/wrote .*r\.html: 12 alerts/);
    expect(t.err).toMatch(/skipped 2 of 14 lines/);
  });

  it('reads gzip and standard input, and embeds a summary, activity and baselines given as files', async () => {
    const dir = makeTempDir('ct-report-');
    writeFileSync(join(dir, 'alerts.jsonl.gz'), gzipSync(jsonl));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(org.summary));
    writeFileSync(join(dir, 'activity.json'), JSON.stringify(org.activity));
    writeFileSync(join(dir, 'baselines.json'), JSON.stringify(org.baselines));
    const fromGz = await runCli([
      'report',
      join(dir, 'alerts.jsonl.gz'),
      '-o',
      join(dir, 'gz.html'),
      '--summary',
      join(dir, 'summary.json'),
      '--activity',
      join(dir, 'activity.json'),
      '--baselines',
      join(dir, 'baselines.json'),
      '--title',
      'Prod week 47',
    ]);
    expect(fromGz.code).toBe(0);
    const html = readFileSync(join(dir, 'gz.html'), 'utf8');
    const data = embedded(html) as unknown as {
      summary: { records: { read: number } };
      activity: { t: number[] };
      baselines: object;
      meta: { title: string };
    };
    expect(data.summary.records.read).toBe(org.summary!.records.read);
    expect(data.activity.t.length).toBeGreaterThan(0);
    expect(Object.keys(data.baselines).length).toBeGreaterThan(0);
    expect(data.meta.title).toBe('Prod week 47');
    expect(html).toContain('<title>Prod week 47</title>');

    const fromStdin = await runCli(['report', '-', '-o', join(dir, 'stdin.html')], { stdin: jsonl });
    expect(fromStdin.code).toBe(0);
    expect(embedded(readFileSync(join(dir, 'stdin.html'), 'utf8')).alerts.id).toHaveLength(12);
  });

  it('renders an empty report for an empty alerts file (a scan with nothing to say)', async () => {
    const dir = makeTempDir('ct-report-');
    writeFileSync(join(dir, 'alerts.jsonl'), '');
    expect((await runCli(['report', join(dir, 'alerts.jsonl'), '-o', join(dir, 'r.html')])).code).toBe(0);
    expect(embedded(readFileSync(join(dir, 'r.html'), 'utf8')).alerts.id).toEqual([]);
  });

  it('refuses a file in which no line is an alert, a missing file, and a summary that is not one, with a hint', async () => {
    const dir = makeTempDir('ct-report-');
    writeFileSync(join(dir, 'trail.json'), '{"Records":[{"eventName":"x"}]}');
    writeFileSync(join(dir, 'alerts.jsonl'), jsonl);
    writeFileSync(join(dir, 'bad-summary.json'), '{"files": 3}');
    const cases: Array<[string[], RegExp]> = [
      [[join(dir, 'trail.json')], /none of the 1 lines .* is an alert/],
      [[join(dir, 'missing.jsonl')], /cannot read alerts file .*ENOENT/],
      [
        [join(dir, 'alerts.jsonl'), '--summary', join(dir, 'bad-summary.json'), '-o', join(dir, 'x.html')],
        /is not a scan summary: files/,
      ],
      [[], /missing the alerts file/],
      [[join(dir, 'alerts.jsonl'), '--bogus'], /Unknown option/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await runCli(['report', ...argv]);
      expect(code, argv.join(' ')).toBeGreaterThan(0);
      expect(err.split('\n')[0], argv.join(' ')).toMatch(/^error: /);
      expect(err, argv.join(' ')).toMatch(message);
      expect(err, argv.join(' ')).toMatch(/^hint: ./m);
    }
  });
});
