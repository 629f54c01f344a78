/**
 * Groups findings into alerts in-process (one principal's new actions in one window -> one alert, each
 * rule finding its own alert). Stands in until the aggregator core replaces it in the scan.
 * @module
 */
import {
  ALERT_SCHEMA_VERSION,
  SEVERITIES,
  compareSeverity,
  fingerprint,
  groupFindings,
  type Alert,
  type Finding,
} from '../../engine/findings/index.js';

/** Turns findings into alerts, most severe first. */
export function interimAlerts(findings: readonly Finding[], now: string): Alert[] {
  const alerts: Alert[] = [];
  for (const group of groupFindings(findings).values()) {
    const firstSeen = group.filter((f) => f.kind === 'first-seen');
    const rules = group.filter((f) => f.kind === 'rule');
    if (firstSeen.length > 0) alerts.push(alertOf(firstSeen, now));
    for (const r of rules) alerts.push(alertOf([r], now));
  }
  return alerts.sort(
    (a, b) =>
      b.score - a.score || compareSeverity(b.severity, a.severity) || a.firstEventTime.localeCompare(b.firstEventTime),
  );
}

function alertOf(findings: Finding[], now: string): Alert {
  const first = findings[0]!;
  const severity = findings
    .map((f) => f.severity)
    .reduce((a, b) => (compareSeverity(a, b) >= 0 ? a : b), SEVERITIES[0]!);
  const score = Math.min(100, Math.max(...findings.map((f) => f.score)) + 2 * (findings.length - 1));
  const who = first.principal.name ?? first.principal.arn ?? first.principal.key;
  const values = [...new Set(findings.map((f) => f.value))];
  const title =
    first.kind === 'rule'
      ? first.title
      : `${who} (${first.principal.type}) did ${values.length} new action${values.length === 1 ? '' : 's'} in ${first.accountId}: ${values
          .slice(0, 3)
          .map((v) => v.split(':')[1] ?? v)
          .join(', ')}${values.length > 3 ? ', ...' : ''}`;
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    id: fingerprint('alert', ...findings.map((f) => f.id).sort()),
    kind: first.kind === 'rule' ? 'rule' : 'first-seen',
    title,
    severity,
    score,
    reasons: [...new Set(findings.flatMap((f) => f.reasons))],
    accounts: [first.accountId],
    principals: [first.principal],
    firstEventTime: findings.map((f) => f.firstEventTime).sort()[0]!,
    lastEventTime: findings
      .map((f) => f.lastEventTime)
      .sort()
      .at(-1)!,
    findings,
    values,
    suppressed: null,
    createdAt: now,
  };
}
