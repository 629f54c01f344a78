// The shipped examples (examples/sigma) as a fixture: they compile, their cases pass through their
// prefilters, none forces a broad prefilter, and their ids never meet the catalog's.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSigmaFolders } from '../../../../../functions/adapters/local/sigma-files.js';
import { RULES, evaluateRulesDetailed, runRuleCases } from '../../../../../functions/engine/rules/index.js';
import { compileSigmaRules } from '../../../../../functions/engine/rules/sigma/index.js';

const folder = fileURLToPath(new URL('../../../../../examples/sigma', import.meta.url));

describe('the example Sigma rules', async () => {
  const { files, problems } = await loadSigmaFolders([folder]);
  const { rules, errors } = compileSigmaRules(files);

  it('compile without errors, 6 to 12 of them, each with cases', () => {
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(6);
    expect(rules.length).toBeLessThanOrEqual(12);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^sigma\.[a-z0-9-]+$/);
      expect(
        rule.cases.some((c) => c.expect),
        rule.id,
      ).toBe(true);
      expect(
        rule.cases.some((c) => !c.expect),
        rule.id,
      ).toBe(true);
    }
  });

  for (const rule of rules) {
    it(`passes the cases of ${rule.id}`, () => {
      expect(
        runRuleCases(rule)
          .filter((r) => !r.passed)
          .map((r) => `${r.name}: ${r.problem}`),
      ).toEqual([]);
    });
  }

  it('pin a column each (no broad prefilter) and take ids no built-in rule has', () => {
    expect(rules.filter((r) => r.broadPrefilter).map((r) => r.id)).toEqual([]);
    const builtIn = new Set(RULES.map((r) => r.id));
    expect(rules.filter((r) => builtIn.has(r.id))).toEqual([]);
  });

  it('get severity from level and MITRE from tags', () => {
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('sigma.identity-provider-changed')).toMatchObject({
      severity: 'high',
      mitre: {
        tactic: 'TA0003 Persistence',
        technique: 'T1098.001 Account Manipulation: Additional Cloud Credentials',
      },
    });
  });

  it('never throw on partial and mistyped records', () => {
    const weird: unknown[] = [null, 0, '', '*', [], [null], {}, { items: null }, { items: 'x' }, true, 1e308];
    const records = rules.flatMap((rule) =>
      rule.cases.flatMap((c) =>
        ['requestParameters', 'responseElements', 'userIdentity', 'eventName', 'sourceIPAddress', 'errorCode'].flatMap(
          (key) => weird.map((value) => ({ ...c.record, [key]: value, eventID: `${rule.id}-${key}` })),
        ),
      ),
    );
    const window = { start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z' };
    const result = evaluateRulesDetailed({ accountId: '111122223333', window, records: records as never }, rules, {
      organizationAccountIds: null,
    });
    expect(result.errors).toEqual([]);
  });
});
