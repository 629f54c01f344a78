/**
 * Turns a draft into an {@link Alert}: base score from the scorer, then prevalence and spread
 * adjustments, reasons an analyst can act on, and the merge with an alert sent before (an update).
 * @module
 */
import {
  ALERT_SCHEMA_VERSION,
  type Alert,
  type Finding,
  fingerprint,
  type SeverityThresholds,
} from '../findings/index.js';
import { describeActor } from './actors.js';
import type { AggregatorConfig } from '../config/index.js';
import type { AlertDraft } from './group.js';
import { assessPrevalence } from './prevalence.js';
import { adjust } from './score.js';
import type { AlertRecord, PrevalenceView } from './state.js';
import { listOf, plural, shortAction, span } from './text.js';
import type { AlertScorer } from './types.js';
import { pushTo } from '../collections.js';

/** What building needs besides the draft. */
export interface BuildContext {
  scorer: AlertScorer;
  prevalence: PrevalenceView;
  config: AggregatorConfig;
  /** The severity bands (scoring config). */
  thresholds: SeverityThresholds;
  prior: AlertRecord | undefined;
  now: string;
}

/** The fingerprint of an alert's content: the same findings and accounts give the same revision. */
export function revisionOf(alert: Pick<Alert, 'findings' | 'accounts' | 'values'>): string {
  return fingerprint(
    'revision',
    ...alert.findings.map((f) => f.id).sort(),
    '|',
    ...alert.accounts,
    '|',
    ...alert.values,
  );
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function principalsOf(findings: readonly Finding[]): Alert['principals'] {
  const byKey = new Map(findings.map((f) => [f.principal.key, f.principal]));
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One line per account of an incident: who did what there. */
function accountLines(findings: readonly Finding[]): string[] {
  const byAccount = new Map<string, Finding[]>();
  for (const f of findings) pushTo(byAccount, f.accountId, f);
  return [...byAccount.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 10)
    .map(([account, fs]) => {
      const who = uniqueSorted(fs.map((f) => f.principal.name ?? f.principal.key));
      const newActions = uniqueSorted(fs.filter((f) => f.kind === 'first-seen').map((f) => shortAction(f.value)));
      const rules = uniqueSorted(fs.filter((f) => f.kind === 'rule').map((f) => f.title));
      const parts = [
        newActions.length > 0 ? `new: ${listOf(newActions, 4)}` : '',
        rules.length > 0 ? `rules: ${listOf(rules, 3)}` : '',
      ];
      return `In ${account}, ${listOf(who, 2)}: ${parts.filter(Boolean).join('; ')}.`;
    });
}

/**
 * `One actor in 3 accounts (access key AKIA…): CloudTrail logging stopped, +4 more findings`, or for a
 * known Identity Center user `alice@example.com in 4 accounts: 6 new actions`.
 */
function incidentTitle(findings: readonly Finding[], accounts: number, user: string | null, actor: string): string {
  const principals = new Set(findings.map((f) => `${f.accountId}|${f.principal.key}`)).size;
  const who =
    user !== null
      ? `Identity Center user ${user} in ${plural(accounts, 'account')}`
      : accounts === 1
        ? `One actor behind ${principals} principals of ${findings[0]!.accountId} (${actor})`
        : `One actor in ${plural(accounts, 'account')} (${actor})`;
  const rules = [...findings].filter((f) => f.kind === 'rule').sort((a, b) => b.score - a.score);
  const newActions = new Set(
    findings.filter((f) => f.kind === 'first-seen' && f.dimension === 'action').map((f) => f.value),
  ).size;
  const networks = new Set(
    findings.filter((f) => f.kind === 'first-seen' && f.dimension === 'network').map((f) => f.value),
  ).size;
  if (rules.length === 0)
    return `${who}: ${[newActions > 0 ? plural(newActions, 'new action') : '', networks > 0 ? plural(networks, 'new network') : ''].filter((x) => x !== '').join(', ')}`;
  const more = findings.length - 1;
  return `${who}: ${rules[0]!.title}${more > 0 ? `, +${plural(more, 'more finding')}` : ''}`;
}

/** Builds the alert for a draft. */
export function buildAlert(draft: AlertDraft, ctx: BuildContext): Alert {
  const kind = draft.kind;
  const findings = draft.findings;
  const base = ctx.scorer(findings, { kind });
  const reasons: string[] = [];
  let delta = 0;
  let title = base.title;
  let accounts = uniqueSorted(findings.map((f) => f.accountId));

  const incident = draft.incident;
  if (incident) {
    const times = [
      ...findings.flatMap((f) => [f.firstEventTime, f.lastEventTime]),
      ...incident.prior.map((s) => s.eventTime),
    ].sort();
    accounts = incident.accounts;
    const primary = incident.links[0]!;
    // Several principals of one account tied by a network new to each of them spread like accounts do.
    const units = incident.links.some((l) => l.kind === 'new-network')
      ? Math.max(accounts.length, new Set(findings.map((f) => `${f.accountId}|${f.principal.key}`)).size)
      : accounts.length;
    const spread = Math.min(40, 10 * (units - 1)) * incident.strength;
    delta += spread;
    title = incidentTitle(findings, accounts.length, incident.user ?? null, describeActor(primary.kind, primary.value));
    reasons.push(
      `The same actor acted in ${plural(accounts.length, 'account')} (${listOf(accounts, 8)}) within ${span(times[0]!, times[times.length - 1]!)}, ` +
        `tied by ${listOf(
          incident.links.map((l) => describeActor(l.kind, l.value)),
          4,
        )}.`,
      ...accountLines(findings),
    );
    const separate = incident.prior.filter((s) => s.alertId !== draft.id);
    if (separate.length > 0) {
      const earlier = uniqueSorted(separate.map((s) => `${s.account} (alert ${s.alertId.slice(0, 12)})`));
      reasons.push(`Earlier alerts now part of this incident: ${listOf(earlier, 6)}.`);
    }
    reasons.push(`Score raised by ${Math.round(spread)} for the spread across accounts.`);
  }

  const prevalence = assessPrevalence(findings, ctx.prevalence, ctx.config.prevalence, ctx.now);
  delta += prevalence.delta;
  reasons.push(...prevalence.reasons, ...base.reasons);

  let values = uniqueSorted(findings.map((f) => f.value));
  const prior = ctx.prior;
  if (prior) {
    accounts = uniqueSorted([...accounts, ...prior.accounts]);
    values = uniqueSorted([...values, ...prior.values]);
  }
  const { severity, score } = adjust(
    { severity: base.severity, score: base.score },
    draft.suppressed ? 0 : delta,
    ctx.thresholds,
  );
  if (draft.suppressed)
    reasons.unshift(`Suppressed (${draft.suppressed.reason}): kept for the record, not sent to on-call sinks.`);
  const alert: Alert = {
    schemaVersion: ALERT_SCHEMA_VERSION,
    id: draft.id,
    kind,
    title,
    severity,
    score,
    reasons: uniqueReasons(reasons),
    accounts,
    principals: principalsOf(findings),
    firstEventTime: findings.map((f) => f.firstEventTime).sort()[0]!,
    lastEventTime: findings
      .map((f) => f.lastEventTime)
      .sort()
      .at(-1)!,
    findings,
    values,
    suppressed: draft.suppressed,
    createdAt: ctx.now,
  };
  if (prior && prior.revision !== revisionOf(alert)) {
    alert.reasons.push(
      `Update of the alert first sent at ${prior.firstCreatedAt} (then ${plural(prior.accounts.length, 'account')}, ${plural(prior.values.length, 'value')}).`,
    );
  }
  return alert;
}

function uniqueReasons(reasons: readonly string[]): string[] {
  return [...new Set(reasons.filter((r) => r.length > 0))].slice(0, 20);
}
