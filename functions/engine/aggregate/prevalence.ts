/**
 * Org prevalence: a first-seen action that many other accounts already do is routine (dampened); one
 * that no account in the organization has ever done is news (raised). Networks are counted the same way
 * (key `network#<value>`): a network many principals of the organization know is an office or a VPN,
 * and a principal's first call from it is dampened.
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

/** First-seen findings about actions. */
export function isActionFirstSeen(f: Finding): boolean {
  return f.kind === 'first-seen' && f.dimension === 'action';
}

/** First-seen findings about networks. */
export function isNetworkFirstSeen(f: Finding): boolean {
  return f.kind === 'first-seen' && f.dimension === 'network';
}

/** The prevalence keys a batch of findings needs: actions as they are, networks as `network#<value>`. */
export function prevalenceKeysOf(findings: readonly Finding[]): string[] {
  return [
    ...new Set([
      ...findings.filter(isActionFirstSeen).map((f) => f.value),
      ...findings.filter(isNetworkFirstSeen).map((f) => `network#${f.value}`),
    ]),
  ];
}

/**
 * A network many principals of the organization know (an office, a VPN, a cloud): a person's first call
 * from it is dampened. A workload's never is: a Lambda's credentials used from the office ISP are still stolen.
 */
function assessNetworks(
  findings: readonly Finding[],
  view: PrevalenceView,
  settings: AggregatorConfig['prevalence'],
  out: PrevalenceAssessment,
): void {
  const common = [
    ...new Map(
      findings
        // Many callers behind a hosting provider or a Tor exit make it no office: never dampened.
        .filter(
          (f) =>
            isNetworkFirstSeen(f) &&
            f.context.roams === true &&
            f.context.hosting !== true &&
            f.context.anonymising !== true,
        )
        .map((f) => [f.value, { f, principals: view.actions.get(`network#${f.value}`)?.principals ?? 0 }] as const),
    ).values(),
  ].filter((x) => x.principals >= settings.commonNetworkPrincipals);
  if (common.length === 0) return;
  out.delta -= settings.dampen;
  const label = (f: Finding): string => (typeof f.context.label === 'string' ? f.context.label : f.value);
  out.reasons.push(
    `A network the organization knows, so ranked lower: ${listOf(common.map((x) => `${label(x.f)} (${plural(x.principals, 'principal')})`))}.`,
  );
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
  assessNetworks(findings, view, settings, out);
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
    .filter((f) => isActionFirstSeen(f) || isNetworkFirstSeen(f))
    .map((f) => ({
      action: isActionFirstSeen(f) ? f.value : `network#${f.value}`,
      account: f.accountId,
      principalKey: f.principal.key,
      time: now,
    }));
}
