/**
 * Recognises automation (infrastructure as code, CI/CD roles) so its new behaviour is dampened. A role
 * that looks like automation but was driven from an interactive client (the AWS CLI, a browser) is not
 * dampened: that is what stolen CI credentials look like.
 * @module
 */
import type { ScoringConfig } from '../../config/index.js';
import { globMatcher } from '../../config/index.js';
import type { Finding } from '../../findings/index.js';
import { describePrincipal } from '../../rules/index.js';

const INTERACTIVE = /(^|[\s[(])aws-cli\/|mozilla\/|console\.amazonaws\.com/i;

/** Why a finding counts as automation, in words; null when it does not. */
export function automationReason(
  finding: Pick<Finding, 'principal' | 'evidence'>,
  config: ScoringConfig,
): string | null {
  const agents = finding.evidence.userAgents;
  const tokens = config.automation.userAgents.map((t) => t.toLowerCase());
  const toolOf = (ua: string): string | undefined => tokens.find((t) => ua.toLowerCase().includes(t));
  if (agents.length > 0 && agents.every((ua) => toolOf(ua) !== undefined)) {
    return `its calls came from an automation tool (user agent names ${[...new Set(agents.map(toolOf))].join(', ')})`;
  }
  const ids = [finding.principal.arn, finding.principal.key].filter((v): v is string => typeof v === 'string');
  const glob = config.automation.principals.find((g) => ids.some((id) => globMatcher(g)(id)));
  if (glob === undefined) return null;
  if (agents.some((ua) => INTERACTIVE.test(ua))) return null;
  return `${describePrincipal(finding.principal)} matches the automation pattern "${glob}"`;
}

/** Whether an interactive client drove an automation principal (worth saying in the reasons). */
export function interactiveAutomation(
  finding: Pick<Finding, 'principal' | 'evidence'>,
  config: ScoringConfig,
): string | null {
  const ids = [finding.principal.arn, finding.principal.key].filter((v): v is string => typeof v === 'string');
  const glob = config.automation.principals.find((g) => ids.some((id) => globMatcher(g)(id)));
  const human = finding.evidence.userAgents.find((ua) => INTERACTIVE.test(ua));
  if (glob === undefined || human === undefined) return null;
  return `${describePrincipal(finding.principal)} looks like automation ("${glob}") but was driven from an interactive client (${human.slice(0, 60)}): not dampened`;
}
