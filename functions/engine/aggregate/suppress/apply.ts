/**
 * Applies suppressions: findings they match are set aside with the suppression that matched, never
 * dropped; suppressions past their expiry stop applying and are returned so the scan can warn.
 * @module
 */
import type { Suppression } from '../../config/index.js';
import type { Finding } from '../../findings/index.js';
import { type CompiledSuppression, compileSuppression } from './match.js';

/** What happened to each finding. */
export interface SuppressionOutcome {
  kept: Finding[];
  /** Suppressed findings (flagged `suppressed:<reason>`) with the suppression that matched first. */
  suppressed: Array<{ finding: Finding; suppression: Suppression }>;
  /** Suppressions that have expired (each once), whether or not they would have matched. */
  expired: Suppression[];
}

/** Compiles a suppression list once, for reuse over many windows. */
export function compileSuppressions(suppressions: readonly Suppression[]): CompiledSuppression[] {
  return suppressions.map((s, i) => compileSuppression(s, i));
}

/** A short label for messages: the suppression's id, else its position. */
export function suppressionLabel(s: Suppression, index: number): string {
  return s.id ?? `suppressions[${index}]`;
}

/** What a suppressed finding says about why: the reason, which suppression, and its owner. */
export function suppressionNote(s: Suppression, index: number): string {
  return `${s.reason} (${suppressionLabel(s, index)}${s.owner ? `, owner ${s.owner}` : ''})`;
}

/**
 * Splits findings into kept and suppressed at `now` (ISO time or Date; the engine has no clock).
 * @example
 * const { kept, suppressed, expired } = applySuppressions(findings, config.suppressions, now);
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[] | readonly CompiledSuppression[],
  now: string | Date,
): SuppressionOutcome {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (Number.isNaN(nowMs)) throw new Error(`applySuppressions: "now" is not a valid time (${String(now)})`);
  const compiled = suppressions.map((s, i) => ('matches' in s ? s : compileSuppression(s, i)));
  const active = compiled.filter((c) => c.expiresAtMs === null || nowMs < c.expiresAtMs);
  const expired = compiled.filter((c) => c.expiresAtMs !== null && nowMs >= c.expiresAtMs).map((c) => c.suppression);
  const kept: Finding[] = [];
  const suppressed: SuppressionOutcome['suppressed'] = [];
  for (const finding of findings) {
    const hit = active.find((c) => c.matches(finding));
    if (hit === undefined) {
      kept.push(finding);
      continue;
    }
    const flag = `suppressed:${suppressionNote(hit.suppression, hit.index)}`;
    suppressed.push({
      finding: { ...finding, flags: [...finding.flags.filter((f) => f !== flag), flag] },
      suppression: hit.suppression,
    });
  }
  return { kept, suppressed, expired };
}

/** Warning lines for expired suppressions, naming each and when it expired. */
export function expiredWarnings(expired: readonly Suppression[]): string[] {
  return expired.map(
    (s) =>
      `suppression ${s.id ?? `"${s.reason}"`} expired on ${s.expires} and no longer applies: renew it (new expires date) or remove it`,
  );
}
