/** Scores (0-100) and severities: the bands the config's thresholds draw. */
import type { ScoringConfig } from '../../config/index.js';
import { SEVERITIES, type Severity } from '../../findings/index.js';

/** The severity a score falls in. */
export function severityForScore(score: number, config: ScoringConfig): Severity {
  const t = config.severityThresholds;
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  if (score >= t.low) return 'low';
  return 'info';
}

/** The [lowest, highest] score of a severity's band. */
export function bandOf(severity: Severity, config: ScoringConfig): [number, number] {
  const t = config.severityThresholds;
  const lows: Record<Severity, number> = { info: 0, low: t.low, medium: t.medium, high: t.high, critical: t.critical };
  const next = SEVERITIES[SEVERITIES.indexOf(severity) + 1];
  return [lows[severity], next === undefined ? 100 : Math.max(lows[severity], lows[next] - 1)];
}

/** Clamps a score into 0-100 and rounds it. */
export function clampScore(score: number): number {
  return Math.round(Math.min(100, Math.max(0, score)));
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** One step lower, never below `floor`. */
export function lowerSeverity(s: Severity, floor: Severity = 'low'): Severity {
  const i = Math.max(SEVERITIES.indexOf(floor), SEVERITIES.indexOf(s) - 1);
  return SEVERITIES[i] ?? s;
}
