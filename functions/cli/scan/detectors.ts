/** Wires the detectors the scan runs: the enabled rules (with their scores) and first-seen scoring. */
import type { Config } from '../../engine/config/index.js';
import { DETECTOR_VERSION, type RuleHooks, type ScoreFirstSeen } from '../../engine/detect/index.js';
import { firstSeenScorerFor, ruleHooksFor } from '../../engine/detect/score/index.js';
import { RULES } from '../../engine/rules/index.js';

/** The detectors of one configuration. */
export interface WiredDetectors {
  /** The rule hooks (null when rules are off); their prefilter is what staging selects. */
  rules: RuleHooks | null;
  /**
   * The rule hooks once the scanned accounts are known: without `organizationAccountIds` in the config,
   * the accounts present in the input (an organization trail's export) stand for the organization, so
   * sharing between them is not "outside the organization".
   */
  rulesForAccounts: ((accounts: readonly string[]) => RuleHooks | null) | null;
  score: ScoreFirstSeen | null;
}

/** The rule hooks and the first-seen scorer for this configuration. */
export function wireDetectors(config: Config): WiredDetectors {
  const on = config.detectors.includes('rules');
  return {
    rules: on ? ruleHooksFor(config, RULES, DETECTOR_VERSION) : null,
    rulesForAccounts:
      on && config.organizationAccountIds === null
        ? (accounts) =>
            ruleHooksFor(
              { ...config, organizationAccountIds: [...accounts].filter((a) => /^\d{12}$/.test(a)) },
              RULES,
              DETECTOR_VERSION,
            )
        : null,
    score: firstSeenScorerFor(config.scoring),
  };
}
