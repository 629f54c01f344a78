/**
 * Scores a rule finding: the rule's severity sets the band; TrailDiscover's evidence of real-world
 * use, the identity type and automation move the score inside it (automation lowers the severity one
 * step, never below low, and never for the offensive-tool rule).
 * @module
 */
import type { ScoringConfig } from '../../config/index.js';
import { bandOf, clampScore, type Finding, lowerSeverity } from '../../findings/index.js';
import { automationReason } from './automation.js';
import { catalogEntry } from './sensitivity.js';

const NEVER_DAMPENED = new Set([
  'aws.general.offensive-tool-user-agent',
  'aws.sts.instance-credentials-used-off-instance',
]);

/** Scores one rule finding and adds the reasons. */
export function scoreRuleFinding(finding: Finding, ctx: { config: ScoringConfig }): Finding {
  const reasons = [...finding.reasons];
  let severity = finding.severity;
  let position = 0.5;
  const entry = catalogEntry(finding.value);
  if (entry?.usedInWild) {
    position += 0.25;
    reasons.push(
      `TrailDiscover: ${finding.value.split(':')[1]} has been used in real intrusions${entry.incidents > 0 ? ` (${entry.incidents} incident report${entry.incidents > 1 ? 's' : ''})` : ''}.`,
    );
  }
  if (finding.principal.type === 'Root') position += 0.25;
  if (finding.flags.includes('failed-attempt')) position -= 0.25;
  const automation = NEVER_DAMPENED.has(finding.detectorId) ? null : automationReason(finding, ctx.config);
  if (automation !== null) {
    severity = lowerSeverity(severity);
    position -= 0.25;
    reasons.push(`Lowered one severity: ${automation}.`);
  }
  const [low, high] = bandOf(severity, ctx.config.severityThresholds);
  const score = clampScore(low + (high - low) * Math.min(1, Math.max(0, position)));
  return { ...finding, severity, score, reasons };
}
