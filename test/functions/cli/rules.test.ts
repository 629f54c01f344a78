/** `ct-anomaly rules`: the catalog and the config's Sigma rules listed, their cases run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../functions/engine/rules/index.js';
import { runCli } from './support/run-cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(['rules', ...argv]);
}

const examples = fileURLToPath(new URL('../../../examples/sigma', import.meta.url));

describe('ct-anomaly rules', () => {
  it('lists every rule with severity, MITRE ids and title', async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    for (const r of RULES) expect(out).toContain(r.id);
    expect(out).toMatch(/aws\.cloudtrail\.trail-stopped\s+high\s+TA0005\/T1562\.008\s+CloudTrail logging stopped/);
    expect(out.trim().split('\n').pop()).toBe(`${RULES.length} rules`);
  });

  it('runs every case and exits 0 when all pass', async () => {
    const { code, out } = await run(['test']);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^\\d+ cases passed, 0 failed, ${RULES.length} rules$`, 'm'));
  });

  it('filters by id glob and prints JSON or a markdown table', async () => {
    const json = JSON.parse((await run(['--rule', 'aws.iam.root-*', '--format', 'json'])).out) as Array<{ id: string }>;
    expect(json.map((r) => r.id).sort()).toEqual([
      'aws.iam.root-access-key-created',
      'aws.iam.root-api-call',
      'aws.iam.root-console-login',
      'aws.iam.root-password-changed',
    ]);
    const md = (await run(['--format', 'markdown'])).out;
    expect(md.split('\n').filter((l) => l.startsWith('| `aws.'))).toHaveLength(RULES.length);
  });

  it('marks rules a config disables and shows its severity overrides', async () => {
    const dir = makeTempDir('ct-rules-');
    writeFileSync(
      join(dir, 'c.yaml'),
      'rules:\n  disabled: ["aws.logs.*"]\n  severity:\n    aws.kms.key-disabled: critical\n',
    );
    const { out } = await run(['--config', join(dir, 'c.yaml')]);
    expect(out).toMatch(/aws\.logs\.log-group-deleted .*\[disabled by config\]/);
    expect(out).toMatch(/aws\.kms\.key-disabled\s+critical/);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  disabld: []\n');
    const bad = await run(['--config', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml:2: rules\.disabld: unknown key "disabld" \(did you mean "disabled"\?\)/);
  });

  it('refuses unknown actions and globs matching nothing', async () => {
    const unknown = await run(['tset']);
    expect([unknown.code, unknown.err]).toEqual([
      2,
      expect.stringMatching(/^error: unknown rules action "tset"\nhint: /),
    ]);
    const none = await run(['--rule', 'aws.nothing.*']);
    expect([none.code, none.err]).toEqual([2, expect.stringMatching(/^error: no rule matches/)]);
  });

  it('lists and tests the Sigma rules a config names, beside the catalog', async () => {
    const dir = makeTempDir('ct-rules-sigma-');
    writeFileSync(
      join(dir, 'c.yaml'),
      `rules:\n  sigma: [${JSON.stringify(examples)}]\n  severity:\n    sigma.route-to-internet-gateway: high\n`,
    );
    const listed = await run(['--config', join(dir, 'c.yaml')]);
    expect(listed.out).toMatch(
      /sigma\.identity-provider-changed\s+high\s+TA0003\/T1098\.001\s+IAM identity provider created or changed/,
    );
    expect(listed.out).toMatch(/sigma\.route-to-internet-gateway\s+high/);
    expect(listed.out.trim().split('\n').pop()).toMatch(new RegExp(`^${RULES.length + 8} rules \\(8 Sigma\\)`));
    expect(listed.err).toBe('');
    const tested = await run(['test', '--config', join(dir, 'c.yaml'), '--rule', 'sigma.*']);
    expect(tested.code).toBe(0);
    expect(tested.out).toMatch(/^\d+ cases passed, 0 failed, 8 rules$/m);
  });

  it('warns about a Sigma rule that forces a broad prefilter, and fails on a refused one', async () => {
    const dir = makeTempDir('ct-rules-sigma-');
    mkdirSync(join(dir, 'sigma'));
    const head = 'title: t\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n';
    writeFileSync(join(dir, 'sigma', 'broad.yml'), `${head}  s:\n    requestParameters.name: x\n  condition: s\n`);
    writeFileSync(join(dir, 'c.yaml'), 'rules:\n  sigma: [sigma]\n');
    const listed = await run(['--config', join(dir, 'c.yaml')]);
    expect(listed.out).toMatch(/sigma\.broad .*\[broad prefilter\]/);
    expect(listed.err).toMatch(/warning: sigma\.broad .*every event is a candidate/);
    writeFileSync(join(dir, 'sigma', 'bad.yml'), `${head}  s:\n    eventName: x\n  condition: s | count() > 3\n`);
    const refused = await run(['--config', join(dir, 'c.yaml')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error: 1 Sigma problem in rules\.sigma/m);
    expect(refused.err).toMatch(/bad\.yml:8: condition: aggregation expressions/);
  });
});
