/**
 * The detectors the agent runs besides first-seen: the rules catalog (its prefilter goes into the
 * Athena query, so raw records travel only for candidates) and the scoring of findings.
 * The agent does not know the organization's account list (a member account cannot read it), so
 * rules treat every other account as outside the organization and say so in their context.
 * @module
 */
import { DEFAULT_SCORING_CONFIG, type DetectionConfig, type ScoringConfig } from '../engine/config/index.js';
import { DETECTOR_VERSION, type RuleHooks, type ScoreFirstSeen } from '../engine/detect/index.js';
import { scoreFirstSeen, scoreRuleFinding } from '../engine/detect/score/index.js';
import { RULES, candidateFilterOf, evaluateRules, type Rule, type RuleContext } from '../engine/rules/index.js';

/** The rule hooks and scorer for the agent. */
export function agentDetectors(
  detection: DetectionConfig,
  scoring: ScoringConfig = DEFAULT_SCORING_CONFIG,
  rules: readonly Rule[] = RULES,
): { rules?: RuleHooks; score: ScoreFirstSeen } {
  const context: RuleContext = { organizationAccountIds: null, detectorVersion: DETECTOR_VERSION };
  const score: ScoreFirstSeen = (findings, ctx) => scoreFirstSeen(findings, { ...ctx, config: scoring });
  if (!detection.detectors.includes('rules')) return { score };
  return {
    score,
    rules: {
      filter: candidateFilterOf(rules),
      evaluate: (input) =>
        evaluateRules(input, rules, context).map((finding) => scoreRuleFinding(finding, { config: scoring })),
    },
  };
}
