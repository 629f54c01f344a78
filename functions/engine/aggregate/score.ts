/** The aggregator's adjustment of a scored alert: prevalence and spread move it across the severity bands. */
import {
  clampScore,
  compareSeverity,
  DEFAULT_SEVERITY_THRESHOLDS,
  type Severity,
  type SeverityThresholds,
  severityForScore,
} from '../findings/index.js';

/**
 * Applies a score delta: raising can lift the severity to the new band, dampening can lower it,
 * and a zero delta keeps the base severity as the scorer chose it.
 */
export function adjust(
  base: { severity: Severity; score: number },
  delta: number,
  t: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): { severity: Severity; score: number } {
  const score = clampScore(base.score + delta, 1);
  if (delta === 0) return { severity: base.severity, score };
  const band = severityForScore(score, t);
  const up = compareSeverity(band, base.severity) > 0;
  if (delta > 0) return { severity: up ? band : base.severity, score };
  return { severity: up ? base.severity : band, score };
}
