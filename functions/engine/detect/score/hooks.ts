/**
 * Ready-made detector hooks for the scan and the agent: the enabled rules with their context and
 * rule-finding scores, and the first-seen scorer, both from one parsed config.
 * @example
 * const { config } = parseConfig(text, file); // ok
 * runAccount({ ..., rules: ruleHooksFor(config, RULES, DETECTOR_VERSION), score: firstSeenScorerFor(config.scoring) });
 * @module
 */
import type { CloudTrailRecord } from '../../cloudtrail/index.js';
import { type Config, type ScoringConfig, enabledRules, ruleContextOf } from '../../config/index.js';
import type { CandidateFilter, Window } from '../../activity/index.js';
import type { PrincipalRecord } from '../../baseline/index.js';
import type { Finding } from '../../findings/index.js';
import { type Rule, candidateFilterOf, evaluateRules } from '../../rules/index.js';
import { scoreFirstSeen } from './first-seen.js';
import { scoreRuleFinding } from './rule.js';

/** The rules as a run needs them: the union of prefilters and an evaluator returning scored findings. */
export interface ScoredRuleHooks {
  filter: CandidateFilter;
  evaluate(input: { accountId: string; window: Window; records: readonly CloudTrailRecord[] }): Finding[];
}

/** Rule hooks for a config: disabled rules removed, organization/thresholds/severity overrides applied, findings scored. */
export function ruleHooksFor(
  config: Pick<Config, 'rules' | 'organizationAccountIds' | 'scoring'>,
  rules: readonly Rule[],
  detectorVersion?: string,
): ScoredRuleHooks {
  const active = enabledRules(rules, config);
  const ctx = ruleContextOf(config, detectorVersion);
  return {
    filter: candidateFilterOf(active),
    evaluate: (input) => evaluateRules(input, active, ctx).map((f) => scoreRuleFinding(f, { config: config.scoring })),
  };
}

/** The first-seen scorer for a scoring config (the run passes principal, known values and window end). */
export function firstSeenScorerFor(
  config: ScoringConfig,
): (findings: Finding[], ctx: { principal: PrincipalRecord; knownValues: number; windowEnd: string }) => Finding[] {
  return (findings, ctx) => scoreFirstSeen(findings, { ...ctx, config });
}
