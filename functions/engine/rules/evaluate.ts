/** Runs the rules over the candidate records of one account and window. */
import { type CandidateFilter, matchesCandidate, type Window } from '../activity/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Finding } from '../findings/index.js';
import { buildRuleFinding, DEFAULT_DETECTOR_VERSION, type HitPresentation } from './finding.js';
import { judgeRecord, type RecordHit, type RuleError } from './judge.js';
import { isWindowRule, type RecordRule, type Rule, type RuleContext, type WindowRule } from './types.js';
import {
  evaluateWindowRules,
  observeWindow,
  type WindowObservations,
  type WindowState,
  windowStateKeys,
} from './window/index.js';

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
  const windowRules = windowRulesOf(rules);
  const windowed = evaluateWindowRules(
    { accountId: input.accountId, window: input.window, records: records, states: input.states ?? new Map() },
    windowRules,
    ctx,
    version,
    observedOf(input.records, records, windowRules, ctx),
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
  const windowRules = windowRulesOf(rules);
  const valid = records.filter((r) => r !== null && typeof r === 'object');
  return windowStateKeys(valid, windowRules, ctx, observedOf(records, valid, windowRules, ctx));
}

/** The window rules of a rule list, each observing only what its prefilter fetches (built once per list). */
const windowRuleLists = new WeakMap<readonly Rule[], WindowRule[]>();
function windowRulesOf(rules: readonly Rule[]): WindowRule[] {
  let list = windowRuleLists.get(rules);
  if (list === undefined) {
    list = rules.filter(isWindowRule).map(prefiltered);
    windowRuleLists.set(rules, list);
  }
  return list;
}

/**
 * The window rules' observations of one window's candidates, kept from the state-key lookup to the evaluation
 * that follows it (the same records, rules and context): observing is the costliest part of the window rules.
 */
const observations = new WeakMap<
  readonly CloudTrailRecord[],
  { rules: readonly WindowRule[]; ctx: RuleContext; observed: WindowObservations }
>();
function observedOf(
  key: readonly CloudTrailRecord[],
  records: readonly CloudTrailRecord[],
  rules: readonly WindowRule[],
  ctx: RuleContext,
): WindowObservations {
  const hit = observations.get(key);
  if (hit && hit.rules === rules && hit.ctx === ctx) return hit.observed;
  const observed = observeWindow(records, rules, ctx);
  observations.set(key, { rules, ctx, observed });
  return observed;
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
