/** Runs the rules over the candidate records of one account and window. */
import { type CandidateFilter, matchesCandidate, type Window } from '../activity/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Finding } from '../findings/index.js';
import { buildRuleFinding, DEFAULT_DETECTOR_VERSION, type HitPresentation } from './finding.js';
import { judgeRecord, type RecordHit, type RuleError } from './judge.js';
import { isWindowRule, type RecordRule, type Rule, type RuleContext, type WindowRule } from './types.js';
import { evaluateWindowRules, type WindowState, windowStateKeys } from './window/index.js';

/** What the rules were given: one window's candidates, and the window rules' state of the actors in them. */
export interface RuleInput {
  accountId: string;
  window: Window;
  records: readonly CloudTrailRecord[];
  /** Window-rule states by key (see `windowStateKeys`); absent: nothing remembered. */
  states?: ReadonlyMap<string, WindowState>;
}

/** Findings, the window-rule states to store, and the rule errors met on the way (counted, never fatal). */
export interface RuleEvaluation {
  findings: Finding[];
  states: WindowState[];
  errors: RuleError[];
}

/** The union of the rules' prefilters: what an activity source must fetch as candidates. */
export function candidateFilterOf(rules: readonly Rule[]): CandidateFilter {
  return rules.flatMap((rule) => rule.prefilter);
}

function mergeHits(hits: RecordHit[]): Array<{ records: CloudTrailRecord[]; hit: HitPresentation }> {
  const byKey = new Map<string, { records: CloudTrailRecord[]; hit: HitPresentation }>();
  for (const h of hits) {
    const existing = byKey.get(h.dedupe);
    if (existing) existing.records.push(h.record);
    else byKey.set(h.dedupe, { records: [h.record], hit: h });
  }
  return [...byKey.values()];
}

/** Runs every rule and reports the errors of misbehaving rules alongside the findings. */
export function evaluateRulesDetailed(input: RuleInput, rules: readonly Rule[], ctx: RuleContext): RuleEvaluation {
  const findings: Finding[] = [];
  const errors: RuleError[] = [];
  const onError = (e: RuleError): void => void errors.push(e);
  const version = ctx.detectorVersion ?? DEFAULT_DETECTOR_VERSION;
  const records = input.records.filter((r) => r !== null && typeof r === 'object');
  for (const rule of rules.filter((r): r is RecordRule => !isWindowRule(r))) {
    const fetched = records.filter((r) => matchesCandidate(rule.prefilter, r));
    const hits = fetched.map((r) => judgeRecord(rule, r, ctx, onError)).filter((h): h is RecordHit => h !== null);
    for (const group of mergeHits(hits))
      findings.push(buildRuleFinding(rule, input, group.records, group.hit, version));
  }
  const windowRules = rules.filter(isWindowRule);
  const windowed = evaluateWindowRules(
    { accountId: input.accountId, window: input.window, records: records, states: input.states ?? new Map() },
    windowRules.map((rule) => prefiltered(rule)),
    ctx,
    version,
  );
  findings.push(...windowed.findings);
  errors.push(...windowed.errors);
  return { findings, states: windowed.states, errors };
}

/** The window-rule state keys one window's candidates touch: load them before evaluating. */
export function ruleStateKeys(
  records: readonly CloudTrailRecord[],
  rules: readonly Rule[],
  ctx: RuleContext,
): string[] {
  return windowStateKeys(records, rules.filter(isWindowRule).map(prefiltered), ctx);
}

/** A window rule that only observes the records its prefilter fetches (as the activity sources do). */
function prefiltered(rule: WindowRule): WindowRule {
  return { ...rule, observe: (r, ctx) => (matchesCandidate(rule.prefilter, r) ? rule.observe(r, ctx) : null) };
}

/**
 * Runs the rules over the candidate records of one account and window; returns fully formed rule findings.
 * @example
 * const findings = evaluateRules({ accountId, window, records: activity.candidates }, RULES, { organizationAccountIds: null });
 */
export function evaluateRules(input: RuleInput, rules: readonly Rule[], ctx: RuleContext): Finding[] {
  return evaluateRulesDetailed(input, rules, ctx).findings;
}
