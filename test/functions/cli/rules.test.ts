/** `ct-anomaly rules`: the catalog listed, its cases run. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../functions/engine/rules/index.js';
import { runCli } from './support/run-cli.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runCli(['rules', ...argv]);
}

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
    const dir = mkdtempSync(join(tmpdir(), 'ct-rules-'));
    try {
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
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
});
