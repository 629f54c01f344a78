/**
 * The detectors of one configuration, for every runtime: the enabled rules (disabled ones removed,
 * thresholds, severity overrides and the organization's accounts applied, findings scored) with their
 * prefilter, and the first-seen scorer. The scan, the agent and the backfill all build them here.
 * @module
 */
import type { Config } from '../engine/config/index.js';
import { DETECTOR_VERSION, type RuleHooks, type ScoreFirstSeen } from '../engine/detect/index.js';
import { firstSeenScorerFor, ruleHooksFor } from '../engine/detect/score/index.js';
import { RULES, type Rule } from '../engine/rules/index.js';

/** What a run detects with. */
export interface Detectors {
  /** Null when the config turns the rules off; their prefilter is what the activity source fetches. */
  rules: RuleHooks | null;
  score: ScoreFirstSeen;
}

/** Options of {@link buildDetectors}. */
export interface DetectorOptions {
  /** Rules beyond the built-in catalog (e.g. compiled Sigma rules). */
  extraRules?: readonly Rule[];
  /**
   * The organization's accounts when the config names none: the scan passes the accounts of its input
   * (an organization trail's export), so sharing between them is not "outside the organization".
   */
  accountsSeen?: readonly string[];
}

/** The rules and the scorer of a configuration. */
export function buildDetectors(config: Config, o: DetectorOptions = {}): Detectors {
  const score = firstSeenScorerFor(config.scoring);
  if (!config.detectors.includes('rules')) return { rules: null, score };
  const organizationAccountIds =
    config.organizationAccountIds ?? (o.accountsSeen ? o.accountsSeen.filter((a) => /^\d{12}$/.test(a)) : null);
  const rules = [...RULES, ...(o.extraRules ?? [])];
  return { rules: ruleHooksFor({ ...config, organizationAccountIds }, rules, DETECTOR_VERSION), score };
}
