/**
 * Scoring at the aggregator: a base score per group of findings (the rules work's `scoreAlert`
 * plugs in through {@link AlertScorer}; {@link defaultAlertScorer} stands in), then the org-level
 * adjustments only the aggregator can make (prevalence, spread across accounts).
 * @module
 */
import { SEVERITIES, compareSeverity, type Finding, type Severity } from '../findings/index.js';
import type { AlertScorer } from './types.js';
import { listOf, plural, shortAction } from './text.js';

/** Score bands: the lowest score of each severity (the scoring config's `severityThresholds`). */
export interface SeverityThresholds {
  low: number;
  medium: number;
  high: number;
  critical: number;
}

/** The default bands, as the scoring config has them. */
export const DEFAULT_THRESHOLDS: SeverityThresholds = { low: 20, medium: 40, high: 60, critical: 80 };

/** The severity band a 0-100 score falls in. */
export function severityOfScore(score: number, t: SeverityThresholds = DEFAULT_THRESHOLDS): Severity {
  if (score >= t.critical) return 'critical';
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  if (score >= t.low) return 'low';
  return 'info';
}

/** The highest of severities (`info` when none). */
export function maxSeverity(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (compareSeverity(a, b) >= 0 ? a : b), 'info');
}

/** Clamps to 0-100, one decimal. */
export function clampScore(score: number): number {
  return Math.round(Math.min(100, Math.max(0, score)) * 10) / 10;
}

/**
 * Applies a score delta: raising can lift the severity to the new band, dampening can lower it,
 * and a zero delta keeps the base severity as the scorer chose it.
 */
export function adjust(
  base: { severity: Severity; score: number },
  delta: number,
  t: SeverityThresholds = DEFAULT_THRESHOLDS,
): { severity: Severity; score: number } {
  const score = clampScore(base.score + delta);
  if (delta === 0) return { severity: base.severity, score };
  const band = severityOfScore(score, t);
  const up = compareSeverity(band, base.severity) > 0;
  if (delta > 0) return { severity: up ? band : base.severity, score };
  return { severity: up ? base.severity : band, score };
}

function principalLabel(f: Finding): string {
  const p = f.principal;
  return `${p.type} ${p.name ?? p.arn ?? p.key}`;
}

/**
 * The fallback scorer: the strongest finding sets the base; each further new action adds a little,
 * weighed by its own score, so ten sensitive new actions outrank one.
 */
export const defaultAlertScorer: AlertScorer = (findings, context) => {
  const sorted = [...findings].sort((a, b) => b.score - a.score);
  const top = sorted[0];
  if (!top) return { severity: 'info', score: 0, reasons: [], title: 'Empty alert' };
  const extra = sorted.slice(1).reduce((sum, f) => sum + f.score / 25, 0);
  const score = clampScore(top.score + Math.min(15, extra));
  const severity = maxSeverity(
    [severityOfScore(score), ...findings.map((f) => f.severity)].filter((s) => SEVERITIES.includes(s)),
  );
  const reasons = [...new Set(findings.flatMap((f) => f.reasons))].slice(0, 8);
  if (context.kind === 'first-seen') {
    const actions = [...new Set(findings.map((f) => f.value))].sort();
    const title =
      top.dimension === 'action'
        ? `${principalLabel(top)} did ${plural(actions.length, 'action')} it had never done before in ${top.accountId}`
        : `${principalLabel(top)} showed ${plural(actions.length, `new ${top.dimension} value`)} in ${top.accountId}`;
    return {
      severity,
      score,
      reasons: [`New for this principal: ${listOf(actions.map(shortAction), 8)}.`, ...reasons],
      title,
    };
  }
  return { severity, score, reasons, title: top.title };
};
