/**
 * Ready-made detector hooks for the scan and the agent: the enabled rules with their context and
 * rule-finding scores, and the first-seen scorer, both from one parsed config.
 * @example
 * const { config } = parseConfig(text, file); // ok
 * runAccount({ ..., rules: ruleHooksFor(config, RULES, DETECTOR_VERSION), score: firstSeenScorerFor(config.scoring) });
 * @module
 */
import { type Config, type ScoringConfig, enabledRules, ruleContextOf } from '../../config/index.js';
import type { RuleHooks, ScoreFirstSeen } from '../run.js';
import {
  type Rule,
  candidateFilterOf,
  isWindowRule,
  planThinning,
  prepareRules,
  thinnableRules,
  thinPaths,
} from '../../rules/index.js';
import { scoreFirstSeen } from './first-seen.js';
import { scoreRuleFinding } from './rule.js';

/** Rule hooks for a config: disabled rules removed, organization/thresholds/severity overrides applied, findings scored. */
export function ruleHooksFor(
  config: Pick<Config, 'rules' | 'organizationAccountIds' | 'scoring'>,
  rules: readonly Rule[],
  detectorVersion?: string,
): RuleHooks {
  const active = enabledRules(rules, config);
  const ctx = ruleContextOf(config, detectorVersion);
  const windowRules = active.filter(isWindowRule);
  const thinnable = thinnableRules(windowRules);
  return {
    filter: candidateFilterOf(active),
    ...(thinnable.length > 0
      ? {
          thin: {
            paths: thinPaths(windowRules),
            filter: candidateFilterOf(thinnable),
            plan: (samples) => planThinning(samples, active, ctx),
          },
        }
      : {}),
    prepare: (records) => {
      const prepared = prepareRules(records, active, ctx);
      return {
        stateKeys: prepared.stateKeys,
        evaluate: (input) => {
          const out = prepared.evaluate(input);
          return {
            findings: out.findings.map((f) => scoreRuleFinding(f, { config: config.scoring })),
            states: out.states,
          };
        },
      };
    },
  };
}

/** The first-seen scorer for a scoring config (the run passes principal, known values and window end). */
export function firstSeenScorerFor(config: ScoringConfig): ScoreFirstSeen {
  return (findings, ctx) => scoreFirstSeen(findings, { ...ctx, config });
}
