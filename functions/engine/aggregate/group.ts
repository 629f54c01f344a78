/**
 * Grouping: which findings become one alert. An incident takes every finding of its actor; the
 * first-seen findings of one principal in one window become one alert; each rule finding is its own.
 * Alert ids are deterministic, so a redelivery or a late part updates the same alert.
 * @module
 */
import { fingerprint, type Finding } from '../findings/index.js';
import type { Incident } from './correlate.js';

/** A group of findings on its way to becoming an alert. */
export interface AlertDraft {
  id: string;
  kind: 'first-seen' | 'rule' | 'incident';
  findings: Finding[];
  incident: Incident | null;
  suppressed: { reason: string; by: string } | null;
}

/** The id of the alert for one principal's first-seen findings in one window. */
export function firstSeenAlertId(f: Finding): string {
  return fingerprint('alert', 'first-seen', f.accountId, f.principal.key, f.window.start);
}

/** The id of the alert for one rule finding. */
export function ruleAlertId(f: Finding): string {
  return fingerprint('alert', 'rule', f.id);
}

/** The suppression marks of a finding (`suppressed:<reason>` flags), if any. */
export function suppressionOf(f: Finding): string | null {
  const marks = f.flags
    .filter((x) => x.startsWith('suppressed'))
    .map((x) => x.slice('suppressed'.length).replace(/^:/, '') || 'suppressed');
  return marks.length > 0 ? marks.join('; ') : null;
}

function byOwnGroups(findings: readonly Finding[], suppressed: boolean): AlertDraft[] {
  const drafts = new Map<string, AlertDraft>();
  for (const f of findings) {
    const kind = f.kind === 'rule' ? 'rule' : 'first-seen';
    const id = kind === 'rule' ? ruleAlertId(f) : firstSeenAlertId(f);
    const draftId = suppressed ? fingerprint('suppressed', id) : id;
    const draft = drafts.get(draftId);
    if (draft) draft.findings.push(f);
    else drafts.set(draftId, { id: draftId, kind, findings: [f], incident: null, suppressed: null });
  }
  if (suppressed) {
    for (const d of drafts.values()) {
      const reasons = [...new Set(d.findings.map((f) => suppressionOf(f) ?? 'suppressed'))];
      d.suppressed = { reason: reasons.join('; '), by: 'suppression rule' };
    }
  }
  return [...drafts.values()];
}

/** Drafts the alerts of a batch: incidents first, then per-principal first-seen groups and single rule findings. */
export function draftAlerts(
  active: readonly Finding[],
  suppressed: readonly Finding[],
  incidents: readonly Incident[],
): AlertDraft[] {
  const taken = new Set<number>();
  const merged = new Map<string, AlertDraft>();
  for (const incident of incidents) {
    const findings = incident.members.map((i) => active[i]!);
    incident.members.forEach((i) => taken.add(i));
    const prior = merged.get(incident.id);
    if (prior) {
      prior.findings.push(...findings);
      prior.incident = mergeIncidents(prior.incident!, incident);
    } else merged.set(incident.id, { id: incident.id, kind: 'incident', findings, incident, suppressed: null });
  }
  const rest = active.filter((_, i) => !taken.has(i));
  return [...merged.values(), ...byOwnGroups(rest, false), ...byOwnGroups(suppressed, true)];
}

function mergeIncidents(a: Incident, b: Incident): Incident {
  const links = new Map([...a.links, ...b.links].map((l) => [l.key, l]));
  return {
    ...a,
    members: [...a.members, ...b.members],
    accounts: [...new Set([...a.accounts, ...b.accounts])].sort(),
    links: [...links.values()],
    strength: Math.max(a.strength, b.strength),
    prior: [...a.prior, ...b.prior],
    existing: a.existing || b.existing,
    user: a.user === b.user ? a.user : null,
  };
}
