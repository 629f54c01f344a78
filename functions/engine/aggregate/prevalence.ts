/**
 * Org prevalence: a first-seen action that many other accounts already do is routine (dampened); one
 * that no account in the organization has ever done is news (raised).
 * @module
 */
import type { Finding } from '../findings/index.js';
import type { AggregatorConfig } from '../config/index.js';
import type { PrevalenceView } from './state.js';
import type { PrevalenceObservation } from './types.js';
import { listOf, plural, shortAction } from './text.js';

/** The prevalence effect on one alert. */
export interface PrevalenceAssessment {
  /** Score points to add (negative: dampened). */
  delta: number;
  reasons: string[];
  common: string[];
  unseen: string[];
}

const DAY_MS = 86_400_000;

/** First-seen findings about actions: the only ones prevalence speaks to. */
export function isActionFirstSeen(f: Finding): boolean {
  return f.kind === 'first-seen' && f.dimension === 'action';
}

/** Assesses the first-seen actions among `findings` against the org view (read before this batch was added). */
export function assessPrevalence(
  findings: readonly Finding[],
  view: PrevalenceView,
  settings: AggregatorConfig['prevalence'],
  now: string,
): PrevalenceAssessment {
  const out: PrevalenceAssessment = { delta: 0, reasons: [], common: [], unseen: [] };
  const since = new Date(Date.parse(now) - settings.ttlDays * DAY_MS).toISOString();
  const known = Object.entries(view.knownAccounts)
    .filter(([, t]) => t >= since)
    .map(([a]) => a);
  const notes: string[] = [];
  const actions = new Map<string, string>();
  for (const f of findings) if (isActionFirstSeen(f)) actions.set(f.value, f.accountId);
  if (actions.size === 0) return out;

  for (const [action, account] of actions) {
    const rec = view.actions.get(action);
    const others = Object.entries(rec?.accounts ?? {}).filter(([a, t]) => a !== account && t >= since).length;
    const knownOthers = known.filter((a) => a !== account).length;
    if (others >= settings.commonMinAccounts && others >= settings.commonFraction * knownOthers) {
      out.common.push(action);
      notes.push(
        `${shortAction(action)} is routine elsewhere (${others} of ${knownOthers} other accounts, ${plural(rec?.principals ?? 0, 'principal')})`,
      );
    } else if (others === 0 && knownOthers + 1 >= settings.rareMinKnownAccounts) {
      out.unseen.push(action);
    }
  }
  if (out.common.length === actions.size) {
    out.delta -= settings.dampen;
    out.reasons.push(`Routine in the organization, so ranked lower: ${listOf(notes, 3)}.`);
  } else if (out.common.length > 0) {
    out.reasons.push(`Some of these are routine elsewhere: ${listOf(notes, 3)}.`);
  }
  if (out.unseen.length > 0) {
    out.delta += Math.min(2 * settings.raise, settings.raise * out.unseen.length);
    out.reasons.push(
      `Never seen anywhere in the organization (${plural(known.length, 'account')} reporting): ${listOf(out.unseen.map(shortAction))}.`,
    );
  }
  return out;
}

/**
 * The prevalence observations findings carry: a first-seen action is now in its account's baseline.
 * Stamped with the time reported (not the event time), so an old export scanned today still counts.
 */
export function observationsOf(findings: readonly Finding[], now: string): PrevalenceObservation[] {
  return findings
    .filter(isActionFirstSeen)
    .map((f) => ({ action: f.value, account: f.accountId, principalKey: f.principal.key, time: now }));
}
