/**
 * What SNS subscribers read: a subject an email client shows (ASCII, one line, under 100 characters,
 * as SNS requires), a JSON body for machines, and a plain-text body for email subscribers.
 * @module
 */
import type { Alert } from '../../../engine/findings/index.js';

/** SNS refuses subjects of 100 characters or more, with line breaks or control characters. */
export const SNS_SUBJECT_MAX = 99;

/** A one-line ASCII subject: `[HIGH] ct-anomaly: <title>`; anything else in the title becomes `?` or a space. */
export function snsSubject(alert: Alert): string {
  const clean = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
      .replace(/[^\x20-\x7e]/g, '?')
      .replace(/ {2,}/g, ' ')
      .trim();
  const subject = `[${alert.severity.toUpperCase()}] ct-anomaly: ${clean(alert.title)}`;
  return subject.length > SNS_SUBJECT_MAX ? `${subject.slice(0, SNS_SUBJECT_MAX - 3)}...` : subject;
}

/** The email body: the alert in plain text (no markup, nothing to escape in a text/plain email). */
export function snsEmailText(alert: Alert): string {
  const lines = [
    `${alert.severity.toUpperCase()} (${alert.score}/100) ${alert.kind} alert`,
    alert.title,
    '',
    `Accounts:   ${alert.accounts.join(', ')}`,
    `Principals: ${alert.principals.map((p) => `${p.type} ${p.arn ?? p.key}`).join(', ') || '-'}`,
    `Events:     ${alert.firstEventTime} to ${alert.lastEventTime} (UTC)`,
    `Values:     ${alert.values.slice(0, 20).join(', ')}${alert.values.length > 20 ? ` and ${alert.values.length - 20} more` : ''}`,
    '',
    'Why:',
    ...alert.reasons.map((r) => `  - ${r}`),
  ];
  const runbooks = [...new Set(alert.findings.map((f) => f.runbook).filter((r): r is string => r !== null))];
  if (runbooks.length > 0) lines.push('', 'First steps:', ...runbooks.map((r) => `  - ${r}`));
  const eventIds = [...new Set(alert.findings.flatMap((f) => f.evidence.eventIds))].slice(0, 10);
  if (eventIds.length > 0) lines.push('', `CloudTrail event ids: ${eventIds.join(', ')}`);
  if (alert.suppressed) lines.push('', `Suppressed: ${alert.suppressed.reason}`);
  lines.push(
    '',
    `Alert id ${alert.id}, created ${alert.createdAt}. The full alert is in the JSON message (SQS, Lambda and HTTPS subscribers).`,
  );
  const text = lines.join('\n');
  return text.length > 60_000 ? `${text.slice(0, 60_000)}\n[cut]` : text;
}
