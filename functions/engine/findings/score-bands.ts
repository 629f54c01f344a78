/** Scores (0-100) and severities: the bands the scoring config's thresholds draw, shared by every scorer. */
import { compareSeverity, SEVERITIES, type Severity } from './schema.js';

/** The lowest score of each severity above `info` (the scoring config's `severityThresholds`). */
export interface SeverityThresholds {
  low: number;
  medium: number;
  high: number;
  critical: number;
}

/** The default bands. */
export const DEFAULT_SEVERITY_THRESHOLDS: Readonly<SeverityThresholds> = {
  low: 20,
  medium: 40,
  high: 60,
  critical: 80,
};

/** The severity a score falls in. */
export function severityForScore(score: number, t: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS): Severity {
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  if (score >= t.low) return 'low';
  return 'info';
}

/** The [lowest, highest] score of a severity's band. */
export function bandOf(severity: Severity, t: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS): [number, number] {
  const lows: Record<Severity, number> = { info: 0, low: t.low, medium: t.medium, high: t.high, critical: t.critical };
  const next = SEVERITIES[SEVERITIES.indexOf(severity) + 1];
  return [lows[severity], next === undefined ? 100 : Math.max(lows[severity], lows[next] - 1)];
}

/** Clamps a score into 0-100, rounded to `decimals` places. */
export function clampScore(score: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round(Math.min(100, Math.max(0, score)) * f) / f;
}

/** The highest of the given severities (`info` when none). */
export function maxSeverity(...severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (compareSeverity(a, b) >= 0 ? a : b), 'info');
}

/** One step lower, never below `floor`. */
export function lowerSeverity(s: Severity, floor: Severity = 'low'): Severity {
  const i = Math.max(SEVERITIES.indexOf(floor), SEVERITIES.indexOf(s) - 1);
  return SEVERITIES[i] ?? s;
}
