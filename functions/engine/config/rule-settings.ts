/** Turns the rule settings of the config into the rules to run and the context they run with. */
import type { Rule, RuleContext } from '../rules/index.js';
import { globMatcher } from './glob.js';
import type { Config } from './schema.js';

/** The rules not disabled by `rules.disabled` (id globs). */
export function enabledRules(rules: readonly Rule[], config: Pick<Config, 'rules'>): Rule[] {
  const disabled = config.rules.disabled.map((g) => globMatcher(g));
  return rules.filter((r) => !disabled.some((m) => m(r.id)));
}

/** The rule context the config describes (organization accounts, thresholds, severity overrides). */
export function ruleContextOf(
  config: Pick<Config, 'rules' | 'organizationAccountIds'>,
  detectorVersion?: string,
): RuleContext {
  return {
    organizationAccountIds: config.organizationAccountIds === null ? null : new Set(config.organizationAccountIds),
    thresholds: { ...config.rules.thresholds },
    severityOverrides: { ...config.rules.severity },
    burst: { ...config.rules.burst, perRule: { ...config.rules.burst.perRule } },
    ...(detectorVersion === undefined ? {} : { detectorVersion }),
  };
}
