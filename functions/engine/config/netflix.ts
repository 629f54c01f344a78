/** Folds the Netflix cloudtrail-anomaly keys into the configuration, so its users bring their file as is. */
import type { Config, ConfigFile } from './schema.js';
import type { Suppression } from './suppression-schema.js';

/** The reason written on suppressions made from `roleAction.IgnoredActionsNotify`. */
export const NETFLIX_IGNORED_REASON = 'roleAction.IgnoredActionsNotify (Netflix cloudtrail-anomaly config)';

/**
 * Maps `roleAction.dayThreshold` onto `learningDays` (an explicit `learningDays` wins) and each
 * `roleAction.IgnoredActionsNotify` action onto a suppression of that action for every principal.
 */
export function applyNetflixKeys(
  file: ConfigFile,
  explicit: ReadonlySet<string>,
): { config: Config; warnings: string[] } {
  const { roleAction, aws, ...config } = file;
  const warnings: string[] = [];
  if (aws !== undefined)
    warnings.push(
      'aws: the Netflix deployment settings are ignored (ct-anomaly deploys with cdktf; see docs/config.md)',
    );
  if (roleAction?.dayThreshold !== undefined) {
    if (explicit.has('learningDays') && config.learningDays !== roleAction.dayThreshold) {
      warnings.push(
        `roleAction.dayThreshold (${roleAction.dayThreshold}) ignored: learningDays (${config.learningDays}) is set too`,
      );
    } else {
      config.learningDays = roleAction.dayThreshold;
    }
  }
  const ignored = roleAction?.IgnoredActionsNotify ?? [];
  // Netflix only had first-seen alerts: the mapped suppressions never hide a rule finding.
  const mapped: Suppression[] = ignored.map((action, i) => ({
    id: `roleAction.IgnoredActionsNotify[${i}]`,
    reason: NETFLIX_IGNORED_REASON,
    action: [action],
    rule: ['first-seen.*'],
  }));
  if (mapped.length > 0) {
    warnings.push(
      `roleAction.IgnoredActionsNotify: ${mapped.length} action(s) suppressed for every principal, with no expiry; consider suppressions with an expires date`,
    );
  }
  return { config: { ...config, suppressions: [...config.suppressions, ...mapped] }, warnings };
}
