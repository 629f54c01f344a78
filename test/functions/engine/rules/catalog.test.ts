import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchesCandidate } from '../../../../functions/engine/activity/index.js';
import { RULES, isWindowRule, runRuleCases, type Rule } from '../../../../functions/engine/rules/index.js';

const catalogDir = fileURLToPath(new URL('../../../../functions/engine/rules/catalog/', import.meta.url));

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ruleFiles(path);
    return name.endsWith('.ts') && relative(catalogDir, path).includes(sep) ? [path] : [];
  });
}

const isRule = (value: unknown): value is Rule =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as Rule).id === 'string' &&
  Array.isArray((value as Rule).cases);

describe('rule catalog', () => {
  it('has unique ids of the form aws.<service>.<name>', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^aws\.[a-z0-9]+\.[a-z0-9-]+$/);
  });

  it('keeps each rule in catalog/<service>/<name>.ts, one rule per file, every file in RULES', async () => {
    const files = ruleFiles(catalogDir);
    expect(files.length).toBe(RULES.length);
    for (const file of files) {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const rules = Object.values(module).filter(isRule);
      expect(rules, file).toHaveLength(1);
      const [service, name] = relative(catalogDir, file).replace(/\.ts$/, '').split(sep);
      expect(rules[0]!.id).toBe(`aws.${service}.${name}`);
      expect(RULES).toContain(rules[0]);
    }
  });

  it('gives every rule metadata an analyst can use', () => {
    for (const rule of RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(rule.description.length, rule.id).toBeGreaterThan(40);
      expect(rule.runbook.length, rule.id).toBeGreaterThan(20);
      expect(rule.mitre.tactic, rule.id).toMatch(/^TA\d{4} /);
      expect(rule.mitre.technique, rule.id).toMatch(/^T\d{4}(\.\d{3})? /);
      expect(['info', 'low', 'medium', 'high', 'critical']).toContain(rule.severity);
      expect(rule.prefilter.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('has at least one positive and one negative case per rule', () => {
    for (const rule of RULES) {
      const expects = rule.cases.map((c) => c.expect);
      expect(
        expects.some((e) => e === true || (typeof e === 'number' && e > 0)),
        rule.id,
      ).toBe(true);
      expect(
        expects.some((e) => e === false || e === 0),
        rule.id,
      ).toBe(true);
    }
  });

  it('fetches every positive case through the rule prefilter', () => {
    for (const rule of RULES) {
      const records = isWindowRule(rule)
        ? rule.cases.filter((c) => c.expect > 0).flatMap((c) => c.records)
        : rule.cases.filter((c) => c.expect).map((c) => c.record);
      for (const record of records)
        expect(matchesCandidate(rule.prefilter, record), `${rule.id} ${record.eventName}`).toBe(true);
    }
  });

  for (const rule of RULES) {
    it(`passes the cases of ${rule.id}`, () => {
      const failed = runRuleCases(rule).filter((r) => !r.passed);
      expect(failed.map((f) => `${f.name}: ${f.problem}`)).toEqual([]);
    });
  }
});

describe('the catalog documentation', () => {
  it('lists every rule in docs/rules.md', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../../docs/rules.md', import.meta.url)), 'utf8');
    const missing = RULES.filter((r) => !doc.includes(`\`${r.id}\``)).map((r) => r.id);
    expect(missing, 'regenerate the table with: npx ct-anomaly rules --format markdown').toEqual([]);
  });
});
