/** Runs the rules over the candidate records of one account and window. */
import { type CandidateFilter, type Window, matchesCandidate } from '../activity/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Finding } from '../findings/index.js';
import { DEFAULT_DETECTOR_VERSION, type HitPresentation, buildRuleFinding } from './finding.js';
import { type RecordHit, type RuleError, judgeRecord, judgeWindow } from './judge.js';
import { type Rule, type RuleContext, isWindowRule } from './types.js';

/** What the rules were given. */
export interface RuleInput {
  accountId: string;
  window: Window;
  records: readonly CloudTrailRecord[];
}

/** Findings plus the rule errors met on the way (counted in the run summary, never fatal). */
export interface RuleEvaluation {
  findings: Finding[];
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
  for (const rule of rules) {
    const records = input.records.filter(
      (r) => r !== null && typeof r === 'object' && matchesCandidate(rule.prefilter, r),
    );
    if (records.length === 0) continue;
    if (isWindowRule(rule)) {
      for (const hit of judgeWindow(rule, records, ctx, onError)) {
        const presentation: HitPresentation = {
          title: hit.title ?? rule.title,
          severity: hit.severity ?? rule.severity,
          dedupe: `${input.window.start}|${hit.dedupe}`,
          context: hit.context ?? {},
        };
        findings.push(buildRuleFinding(rule, input, hit.records, presentation, version));
      }
      continue;
    }
    const hits = records.map((r) => judgeRecord(rule, r, ctx, onError)).filter((h): h is RecordHit => h !== null);
    for (const group of mergeHits(hits))
      findings.push(buildRuleFinding(rule, input, group.records, group.hit, version));
  }
  return { findings, errors };
}

/**
 * Runs the rules over the candidate records of one account and window; returns fully formed rule findings.
 * @example
 * const findings = evaluateRules({ accountId, window, records: activity.candidates }, RULES, { organizationAccountIds: null });
 */
export function evaluateRules(input: RuleInput, rules: readonly Rule[], ctx: RuleContext): Finding[] {
  return evaluateRulesDetailed(input, rules, ctx).findings;
}
