import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { alertSchema, type Alert } from '../../../functions/engine/findings/index.js';
import { generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { scoreAgainstTruth, type TruthLine } from '../../../functions/cli/scan/truth.js';
import { at, record } from '../../support/records.js';
import { useTempDir } from '../../support/temp-dir.js';

const dir = useTempDir('ct-cli-', 'all');
let org: string;
let truth: TruthLine[];

/** Runs the CLI in-process, capturing its output. */
async function cli(args: string[], stdin?: Readable): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runCli(args, stdin ? { stdin } : {});
  return { code: run.code, stdout: run.out, stderr: run.err };
}

const alertsOf = (stdout: string): Alert[] =>
  stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => alertSchema.parse(JSON.parse(l)));

beforeAll(async () => {
  org = join(dir(), 'org');
  const resolved = resolveOptions({ out: org, accounts: 3, days: 20, seed: 'cli-test' });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  truth = (await readFile(join(org, 'ground-truth.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TruthLine);
}, 120_000);

describe('ct-anomaly scan on a generated organization', () => {
  let first: { code: number; stdout: string; stderr: string };
  const state = (): string => join(dir(), 'state');

  beforeAll(async () => {
    first = await cli(['scan', join(org, 'AWSLogs'), '--state', state(), '--format', 'jsonl', '--quiet']);
  }, 180_000);

  it('finds every injected first-seen anomaly after the learning period and none during it', () => {
    expect(first.code).toBe(0);
    const score = scoreAgainstTruth(alertsOf(first.stdout), truth);
    expect(score.firstSeen.expected).toBeGreaterThan(5);
    expect(score.firstSeen.missed).toEqual([]);
    expect(score.duringLearning.expected).toBeGreaterThan(0);
    expect(score.duringLearning.alerted).toEqual([]);
  });

  it('catches the injected rule events and the cross-account incident, and ranks rule hits above routine first-seen noise', () => {
    const score = scoreAgainstTruth(alertsOf(first.stdout), truth);
    expect(score.rules.expected).toBeGreaterThan(30);
    expect(score.rules.missed).toEqual([]);
    expect(score.negatives.alerted).toEqual([]);
    expect(score.incidents.found).toBe(score.incidents.expected);
    expect(score.rulesRankAboveNoise).toBe(true);
  });

  it('reports the noise and the input problems on one summary line', () => {
    const line = first.stderr
      .trim()
      .split('\n')
      .find((l) => l.startsWith('ct-anomaly: '));
    expect(line).toMatch(/files [\d,]+ read, 2 skipped \(digest 1, insight 1\)/);
    expect(line).toMatch(/duplicates \d+/);
    expect(line).toMatch(/future-stamped 1/);
    expect(line).toMatch(/alerts \d+/);
  });

  it('gives the same alerts under a small --memory-limit, and says where the time went with --timings', async () => {
    const small = await cli([
      'scan',
      join(org, 'AWSLogs'),
      '--no-state',
      '--format',
      'jsonl',
      '--quiet',
      '--memory-limit',
      '256MB',
      '--timings',
    ]);
    expect(small.code).toBe(0);
    const ids = (stdout: string): string[] => alertsOf(stdout).map((a) => `${a.id} ${a.severity} ${a.score}`);
    expect(ids(small.stdout).sort()).toEqual(ids(first.stdout).sort());
    const phases = small.stderr
      .split('\n')
      .filter((l) => l.startsWith('timings: '))
      .map((l) => l.split(/\s+/)[1]);
    expect(phases).toEqual([
      'discovery',
      'staging',
      'folding',
      'window',
      'rules',
      'evidence',
      'aggregation',
      'output',
      'other',
    ]);
    expect(first.stderr).not.toMatch(/timings:/);
    const bad = await cli(['scan', join(org, 'AWSLogs'), '--no-state', '--memory-limit', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--memory-limit takes a size such as 512MB/);
  }, 180_000);

  it('emits no new alert when run again on the same state', async () => {
    const again = await cli(['scan', join(org, 'AWSLogs'), '--state', state(), '--format', 'jsonl', '--quiet']);
    expect(again.code).toBe(0);
    expect(alertsOf(again.stdout)).toEqual([]);
    expect(again.stderr).toMatch(/files 0 read, [\d,]+ skipped \(.*read-before [\d,]+/);
    expect(again.stderr).toMatch(/^notice: nothing new: .* has seen this input before/m);
  });

  it('processes newer files added later, and only what is new', async () => {
    const account = truth.find((t) => t.type === 'first-seen')!.accountId;
    const folder = join(org, 'AWSLogs', 'later', account, 'CloudTrail', 'eu-west-1', '2026', '02', '20');
    await mkdir(folder, { recursive: true });
    const late = record({
      account,
      who: 'user:mallory-new',
      time: '2026-02-20T10:00:00Z',
      name: 'CreateUser',
      source: 'iam.amazonaws.com',
    });
    await writeFile(
      join(folder, `${account}_CloudTrail_eu-west-1_20260220T1005Z_abcdefabcdefabcd.json.gz`),
      gzipSync(JSON.stringify({ Records: [late] })),
    );
    /** The same folder scanned again with the same state, no learning period. */
    const rescan = (...extra: string[]) =>
      cli(['scan', join(org, 'AWSLogs'), '--state', state(), '--format', 'jsonl', '--learning-days', '0', ...extra]);
    const next = await rescan('--quiet');
    const alerts = alertsOf(next.stdout);
    expect(alerts.flatMap((a) => a.values)).toContain('iam.amazonaws.com:CreateUser');
    expect(alerts.every((a) => a.firstEventTime >= '2026-02-20')).toBe(true);

    // The folder grows by a file that raises nothing (the same call again): no alert, and no claim that
    // the state has seen this input before, since it had not.
    await writeFile(
      join(folder, `${account}_CloudTrail_eu-west-1_20260220T1105Z_bcdefabcdefabcde.json.gz`),
      gzipSync(JSON.stringify({ Records: [{ ...late, eventID: 'again-1', eventTime: '2026-02-20T11:00:00Z' }] })),
    );
    const quiet = await rescan();
    expect(alertsOf(quiet.stdout)).toEqual([]);
    expect(quiet.stderr).toMatch(/files 1 read/);
    expect(quiet.stderr).not.toMatch(/nothing new/);
  });
});

describe('ct-anomaly scan: inputs, formats and exit codes', () => {
  const records = [
    ...[0, 1, 2].map((d) =>
      record({
        who: 'root',
        time: at(d, 9),
        name: 'ConsoleLogin',
        source: 'signin.amazonaws.com',
        extra: { eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Success' } },
      }),
    ),
    record({
      time: at(2, 10),
      name: 'StopLogging',
      source: 'cloudtrail.amazonaws.com',
      extra: { requestParameters: { name: 'org-trail' } },
    }),
  ];

  it('reads standard input (-) and fails with exit 3 on --fail-on', async () => {
    const stdin = Readable.from([Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'))]);
    const result = await cli(
      [
        'scan',
        '-',
        '--state',
        join(dir(), 'stdin-state'),
        '--format',
        'jsonl',
        '--fail-on',
        'high',
        '--learning-days',
        '0',
        '--quiet',
      ],
      stdin,
    );
    const alerts = alertsOf(result.stdout);
    expect(
      alerts.some((a) => a.kind === 'rule' && a.findings.some((f) => f.detectorId === 'aws.cloudtrail.trail-stopped')),
    ).toBe(true);
    expect(result.code).toBe(3);
  });

  it('says when a short export cannot produce first-seen alerts with the default learning period', async () => {
    const file = join(dir(), 'short.json');
    await writeFile(file, JSON.stringify({ Records: records }));
    const result = await cli(['scan', file, '--state', join(dir(), 'short-state'), '--format', 'jsonl', '--quiet']);
    expect(result.stderr).toMatch(
      /warning: the input spans 2\.\d days, less than the 14-day learning period.*--learning-days 0/,
    );
    const quiet = await cli([
      'scan',
      file,
      '--state',
      join(dir(), 'short-state-0'),
      '--format',
      'jsonl',
      '--quiet',
      '--learning-days',
      '0',
    ]);
    expect(quiet.stderr).not.toMatch(/learning period/);
    const rerun = await cli(['scan', file, '--state', join(dir(), 'short-state'), '--format', 'jsonl', '--quiet']);
    expect(rerun.stderr).not.toMatch(/learning period/); // the state holds history: not a first look
  });

  it('writes OCSF and ASFF when asked', async () => {
    const file = join(dir(), 'ocsf-input.json');
    await writeFile(file, JSON.stringify({ Records: records }));
    const ocsf = await cli([
      'scan',
      file,
      '--state',
      join(dir(), 'ocsf-state'),
      '--format',
      'ocsf',
      '--quiet',
      '--learning-days',
      '0',
    ]);
    const first = JSON.parse(ocsf.stdout.split('\n')[0]!) as { class_uid: number };
    expect(first.class_uid).toBe(2004);
    const asff = await cli([
      'scan',
      file,
      '--state',
      join(dir(), 'asff-state'),
      '--format',
      'asff',
      '--quiet',
      '--learning-days',
      '0',
    ]);
    const finding = JSON.parse(asff.stdout.split('\n')[0]!) as { SchemaVersion: string; ProductArn: string };
    expect(finding.SchemaVersion).toBe('2018-10-08');
    expect(finding.ProductArn).toMatch(/^arn:aws:securityhub:/);
  });

  it('explains a missing path, a bad option and a bad config in one line with a hint', async () => {
    const missing = await cli(['scan', join(dir(), 'no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: no such file or folder: .*\nhint: /);
    const badFormat = await cli(['scan', dir(), '--format', 'xml']);
    expect(badFormat.stderr).toMatch(/--format must be one of table, jsonl, ocsf, asff/);
    const config = join(dir(), 'bad.yaml');
    await writeFile(config, 'learningDays: 14\nttlDays: soon\n');
    const badConfig = await cli(['scan', dir(), '--config', config]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/bad\.yaml:2: ttlDays/);
  });

  it('prints help for every command', async () => {
    for (const command of ['scan', 'demo', 'generate', 'report', 'rules', 'backfill']) {
      const help = await cli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Usage: ct-anomaly /);
    }
  });
});
