/**
 * Runs a rule's inline cases the way the scan runs the rule: records go through the rule's prefilter
 * first, so a positive case the prefilter would not fetch fails.
 * @module
 */
import { matchesCandidate } from '../activity/index.js';
import { EMPTY_RULE_CONTEXT } from './context.js';
import { type RuleError, judgeRecord } from './judge.js';
import { evaluateWindowRules } from './window/index.js';
import { type Rule, type RuleContext, isWindowRule } from './types.js';

const CASE_ACCOUNT_ID = '111122223333';
/** Cases are judged as one processing window (the sliding span still applies inside it). */
const CASE_WINDOW = { start: '1970-01-01T00:00:00.000Z', end: '9999-12-31T00:00:00.000Z' };

/** The outcome of one case. */
export interface CaseResult {
  ruleId: string;
  name: string;
  expected: boolean | number;
  actual: boolean | number;
  passed: boolean;
  /** Why it failed, in words. */
  problem: string | null;
}

/** Runs every case of `rule`; `base` is the context cases start from (organization unknown by default). */
export function runRuleCases(rule: Rule, base: RuleContext = EMPTY_RULE_CONTEXT): CaseResult[] {
  const results: CaseResult[] = [];
  if (isWindowRule(rule)) {
    for (const c of rule.cases) {
      const errors: RuleError[] = [];
      const fetched = c.records.filter((r) => matchesCandidate(rule.prefilter, r));
      const run = evaluateWindowRules(
        { accountId: CASE_ACCOUNT_ID, window: CASE_WINDOW, records: fetched, states: new Map() },
        [rule],
        { ...base, ...c.ctx },
        'cases',
      );
      errors.push(...run.errors);
      const hits = run.hits.length;
      const dropped = c.expect > 0 && fetched.length < c.records.length;
      const passed = hits === c.expect && errors.length === 0 && !dropped;
      results.push({
        ruleId: rule.id,
        name: c.name,
        expected: c.expect,
        actual: hits,
        passed,
        problem: passed
          ? null
          : (errors[0]?.message ??
            (dropped
              ? 'the prefilter drops records of this positive case'
              : `expected ${c.expect} hit(s), got ${hits}`)),
      });
    }
    return results;
  }
  for (const c of rule.cases) {
    const errors: RuleError[] = [];
    const fetched = matchesCandidate(rule.prefilter, c.record);
    const hit = fetched && judgeRecord(rule, c.record, { ...base, ...c.ctx }, (e) => void errors.push(e)) !== null;
    const passed = hit === c.expect && errors.length === 0;
    results.push({
      ruleId: rule.id,
      name: c.name,
      expected: c.expect,
      actual: hit,
      passed,
      problem: passed
        ? null
        : (errors[0]?.message ??
          (c.expect && !fetched
            ? 'the prefilter does not fetch this record'
            : c.expect
              ? 'expected a match, got none'
              : 'expected no match, got one')),
    });
  }
  return results;
}

/** Runs one case by name (for focused debugging). */
export function runCase(rule: Rule, name: string, base: RuleContext = EMPTY_RULE_CONTEXT): CaseResult | undefined {
  return runRuleCases(rule, base).find((r) => r.name === name);
}
