/** Wires the detectors the scan runs: the rules catalog and first-seen scoring. */
import type { DetectionConfig } from '../../engine/config/index.js';
import type { RuleHooks, ScoreFirstSeen } from '../../engine/detect/index.js';

/** The rule hooks and the scorer for this configuration. */
export function wireDetectors(config: DetectionConfig): { rules: RuleHooks | null; score: ScoreFirstSeen | null } {
  void config;
  return { rules: null, score: null };
}
