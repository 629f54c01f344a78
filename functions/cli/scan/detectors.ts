/** Wires the detectors the scan runs: the enabled rules (with their scores) and first-seen scoring. */
import type { Config } from '../../engine/config/index.js';
import { DETECTOR_VERSION, type RuleHooks, type ScoreFirstSeen } from '../../engine/detect/index.js';
import { firstSeenScorerFor, ruleHooksFor } from '../../engine/detect/score/index.js';
import { RULES } from '../../engine/rules/index.js';

/** The rule hooks (null when rules are off) and the first-seen scorer for this configuration. */
export function wireDetectors(config: Config): { rules: RuleHooks | null; score: ScoreFirstSeen | null } {
  return {
    rules: config.detectors.includes('rules') ? ruleHooksFor(config, RULES, DETECTOR_VERSION) : null,
    score: firstSeenScorerFor(config.scoring),
  };
}
