/** Terminal and file output of the scan: the alert table, jsonl, the problem list and the one-line summary. */
import type { Alert } from '../../engine/findings/index.js';
import type { RunSummary } from '../../engine/detect/index.js';

/** Log data is attacker-controlled: never let it drive the terminal (escape sequences, new lines). */
export function safeText(value: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const n = (v: number): string => v.toLocaleString('en-US');
const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');

function who(alert: Alert): string {
  if (alert.principals.length > 1) return `${alert.principals.length} principals`;
  const p = alert.principals[0];
  if (!p) return '-';
  return `${p.name ?? p.arn ?? p.key} (${p.type})`;
}

/** The alert table: one line per alert, then why and what, in words. */
export function formatTable(alerts: readonly Alert[], options: { color: boolean }): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const paint = (sev: string, text: string): string => {
    if (!options.color) return text;
    const code =
      sev === 'critical' ? '1;31' : sev === 'high' ? '31' : sev === 'medium' ? '33' : sev === 'low' ? '36' : '2';
    return `\u001b[${code}m${text}\u001b[0m`;
  };
  const lines: string[] = [];
  lines.push(
    `${'SEVERITY'.padEnd(9)} ${'SCORE'.padStart(5)}  ${'ACCOUNT'.padEnd(14)} ${'WHEN (UTC)'.padEnd(16)}  WHO / WHAT`,
  );
  for (const a of alerts) {
    const when = a.firstEventTime.slice(0, 16).replace('T', ' ');
    const accounts = a.accounts.length > 1 ? `${a.accounts.length} accounts` : (a.accounts[0] ?? '-');
    lines.push(
      `${paint(a.severity, a.severity.padEnd(9))} ${String(Math.round(a.score)).padStart(5)}  ${accounts.padEnd(14)} ${when.padEnd(16)}  ${safeText(who(a), 80)}`,
    );
    lines.push(`${' '.repeat(49)}${safeText(a.title, 160)}`);
    if (a.kind !== 'rule' && a.values.length > 0)
      lines.push(
        `${' '.repeat(49)}new: ${safeText(a.values.slice(0, 8).join(', '), 300)}${a.values.length > 8 ? ` (+${a.values.length - 8})` : ''}`,
      );
    for (const reason of a.reasons.slice(0, 2)) lines.push(`${' '.repeat(49)}why: ${safeText(reason, 200)}`);
    if (a.suppressed) lines.push(`${' '.repeat(49)}suppressed: ${safeText(a.suppressed.reason, 160)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One alert per line, as JSON. */
export function formatJsonl(alerts: readonly unknown[]): string {
  return alerts.map((a) => JSON.stringify(a)).join('\n') + (alerts.length > 0 ? '\n' : '');
}

/** The problems with the input, one per line, for stderr. */
export function formatProblems(summary: RunSummary, max = 20): string {
  const lines = summary.problems
    .slice(0, max)
    .map(
      (p) =>
        `problem: ${safeText(p.path, 300)}: ${p.reason}${p.records && p.records > 1 ? ` (${n(p.records)} records)` : ''}${p.detail ? ` (${safeText(p.detail, 200)})` : ''}`,
    );
  if (summary.problems.length > max)
    lines.push(`problem: ... and ${summary.problems.length - max} more (see --format jsonl summary or the report)`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The one-line summary printed on stderr at the end of every scan. */
export function formatSummaryLine(s: RunSummary): string {
  const skipped = Object.values(s.files.skipped).reduce((a, b) => a + b, 0);
  const malformed = Object.values(s.records.malformed).reduce((a, b) => a + b, 0);
  const parts = [
    `files ${n(s.files.read)} read${skipped ? `, ${n(skipped)} skipped (${counts(s.files.skipped)})` : ''}${s.files.malformed ? `, ${n(s.files.malformed)} malformed` : ''}${s.files.late ? `, ${n(s.files.late)} copied in late` : ''}`,
    `records ${n(s.records.read)}${malformed ? ` (malformed ${n(malformed)}: ${counts(s.records.malformed)})` : ''}${s.records.duplicates ? `, duplicates ${n(s.records.duplicates)}` : ''}${s.records.future ? `, future-stamped ${n(s.records.future)}` : ''}${s.records.oversized ? `, oversized (fields cut) ${n(s.records.oversized)}` : ''}${s.records.serviceCalls ? `, service calls ${n(s.records.serviceCalls)}` : ''}`,
    `accounts ${n(s.accounts)}`,
    `principals ${n(s.principals)}`,
    `findings ${n(s.findings.firstSeen + s.findings.rule)} (first-seen ${n(s.findings.firstSeen)}, rule ${n(s.findings.rule)}; learned silently ${n(s.findings.learned)})`,
    `alerts ${n(s.alerts.emitted)}${s.alerts.emitted ? ` (${counts(s.alerts.bySeverity)})` : ''}${s.alerts.suppressed ? `, suppressed ${n(s.alerts.suppressed)}` : ''}${s.alerts.duplicates ? `, already reported ${n(s.alerts.duplicates)}` : ''}`,
    `${s.seconds.toFixed(1)} s`,
  ];
  return `ct-anomaly: ${parts.join('; ')}\n`;
}
