/**
 * Combines findings into the alert-level severity, score, reasons and title (used by the aggregator
 * and by the local scan): the strongest finding leads, breadth and a rule hit next to new behaviour add.
 * @module
 */
import type { ScoringConfig } from '../config/index.js';
import { clampScore, type Finding, maxSeverity, SEVERITIES, severityForScore } from '../findings/index.js';
import type { AlertScore } from './types.js';
import { capitalize, describePrincipal, shortAction } from '../rules/index.js';

const MAX_REASONS = 12;

/** A first-seen principal's own finding: neither an action nor a where-from value. */
const isPrincipal = (f: Finding): boolean => f.dimension === 'principal';

/** New where-from and with-what values (not actions): the network, client, region and refusal findings. */
const isNovelty = (f: Finding): boolean => f.kind === 'first-seen' && f.dimension !== 'action' && !isPrincipal(f);

const NOVELTY_WORDS: Record<string, string> = {
  network: 'new network',
  client: 'new client',
  region: 'new region',
  errorCode: 'first refusals',
  'network+client': 'new network+client pair',
};

/** The values an alert lists as new actions (rules' values included). */
const actionValues = (findings: readonly Finding[]): string[] => [
  ...new Set(findings.filter((f) => !isNovelty(f) && !isPrincipal(f)).map((f) => f.value)),
];

function titleOf(sorted: readonly Finding[]): string {
  const top = sorted[0]!;
  const rules = sorted.filter((f) => f.kind === 'rule');
  const values = actionValues(sorted);
  const fresh = sorted.some(isPrincipal);
  const one = fresh
    ? `New principal ${describePrincipal(top.principal)}`
    : capitalize(describePrincipal(top.principal));
  if (sorted.length === 1) return top.title;
  const novel = sorted.filter(isNovelty);
  if (rules.length === 0 && novel.length > 0 && new Set(sorted.map((f) => f.principal.key)).size === 1) {
    const label = (f: Finding): string => (typeof f.context.label === 'string' ? f.context.label : f.value);
    const what = novel
      .sort((a, b) => Object.keys(NOVELTY_WORDS).indexOf(a.dimension) - Object.keys(NOVELTY_WORDS).indexOf(b.dimension))
      .map((f) => `${NOVELTY_WORDS[f.dimension] ?? f.dimension} ${label(f)}`)
      .join(', ');
    const actions = values.length > 0 ? `; ${values.length} new action${values.length > 1 ? 's' : ''}` : '';
    return `${one} in ${top.accountId}: ${what}${actions}`;
  }
  if (rules.length > 0) {
    const more = sorted.length - 1;
    return `${rules[0]!.title} (+${more} more finding${more > 1 ? 's' : ''})`;
  }
  const principals = [...new Set(sorted.map((f) => f.principal.key))];
  const accounts = [...new Set(sorted.map((f) => f.accountId))];
  const who = principals.length === 1 ? one : `${principals.length} principals`;
  const where = accounts.length === 1 ? `account ${accounts[0]}` : `${accounts.length} accounts`;
  const shown = values.slice(0, 3).map(shortAction).join(', ');
  return `${who} used ${values.length} new action${values.length > 1 ? 's' : ''} in ${where}: ${shown}${values.length > 3 ? ', ...' : ''}`;
}

/**
 * Scores a group of findings as one alert; `extra` carries the aggregator's own reasons and bonus
 * (cross-account spread, org prevalence).
 */
export function scoreAlert(
  findings: readonly Finding[],
  ctx: { config: ScoringConfig; extra?: { reasons: string[]; bonus: number } },
): AlertScore {
  if (findings.length === 0) return { severity: 'info', score: 0, reasons: ['No findings.'], title: 'No findings' };
  const sorted = [...findings].sort(
    (a, b) => b.score - a.score || SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity),
  );
  const top = sorted[0]!;
  // Breadth counts actions: a new network, client and region of one window are one change, scored together.
  const values = actionValues(sorted);
  const reasons: string[] = [];
  let bonus = Math.min(10, 2 * Math.max(0, values.length - 1));
  const hasRule = sorted.some((f) => f.kind === 'rule');
  const hasNew = sorted.some((f) => f.kind === 'first-seen');
  if (hasRule && hasNew) {
    bonus += 5;
    reasons.push('A rule match and new behaviour from the same principal in the same window.');
  }
  if (values.length > 1 && !hasRule)
    reasons.push(
      `${values.length} new actions in this window: ${values.slice(0, 8).map(shortAction).join(', ')}${values.length > 8 ? `, and ${values.length - 8} more` : ''}.`,
    );
  for (const f of sorted)
    for (const r of f.reasons.slice(0, f === top ? 4 : 1)) if (!reasons.includes(r)) reasons.push(r);
  if (ctx.extra !== undefined) {
    bonus += ctx.extra.bonus;
    reasons.unshift(...ctx.extra.reasons);
  }
  const score = clampScore(top.score + bonus);
  const severity = maxSeverity(
    severityForScore(score, ctx.config.severityThresholds),
    ...sorted.map((f) => f.severity),
  );
  return { severity, score, reasons: reasons.slice(0, MAX_REASONS), title: titleOf(sorted) };
}
