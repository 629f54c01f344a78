/**
 * The Slack Block Kit message for one alert: what happened, where, who, why, and what to do first.
 * Attacker-controlled strings go into `plain_text` objects or escaped code spans; labels are ours.
 * @module
 */
import type { Alert } from '../../engine/findings/index.js';
import { code, escapeMrkdwn, plain } from './mrkdwn.js';

const _ICON: Record<Alert['severity'], string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':white_circle:',
};
const KIND: Record<Alert['kind'], string> = {
  'first-seen': 'New behaviour',
  rule: 'Rule match',
  incident: 'Cross-account incident',
  health: 'Monitoring',
};

type Text = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string; verbatim: true };
type Block = Record<string, unknown>;

const md = (text: string): Text => ({ type: 'mrkdwn', text, verbatim: true });
const pt = (text: string, max = 3000): Text => ({ type: 'plain_text', text: plain(text, max), emoji: false });

function list(values: readonly string[], max: number): string {
  const shown = values
    .slice(0, max)
    .map((v) => code(v, 120))
    .join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown || '-';
}

function consoleLink(alert: Alert): string | null {
  const f = alert.findings[0];
  const eventId = f?.evidence.eventIds[0];
  if (!f || !eventId || !/^[\w-]{1,64}$/.test(eventId)) return null;
  const region = f.region !== null && /^[a-z]{2}(-[a-z]+)+-\d$/.test(f.region) ? f.region : 'us-east-1';
  return `https://${region}.console.aws.amazon.com/cloudtrail/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

/** The notification text (shown in push notifications and where blocks cannot render). */
export function slackFallback(alert: Alert): string {
  return `${alert.severity.toUpperCase()} ${KIND[alert.kind]} in ${alert.accounts.length} account(s): ${code(alert.title, 150)}`;
}

/** The Block Kit message for an alert. */
export function slackMessage(alert: Alert): Record<string, unknown> {
  const principals = alert.principals.map((p) => `${p.type} ${p.arn ?? p.key}`);
  const blocks: Block[] = [
    {
      type: 'header',
      text: pt(`${alert.severity.toUpperCase()} · ${KIND[alert.kind]} · score ${Math.round(alert.score)}`, 150),
    },
    { type: 'section', text: pt(alert.title) },
    {
      type: 'section',
      fields: [
        md(`*Accounts*\n${list(alert.accounts, 10)}`),
        md(`*Who*\n${list(principals, 4)}`),
        md(`*When (event time, UTC)*\n${escapeMrkdwn(alert.firstEventTime)} → ${escapeMrkdwn(alert.lastEventTime)}`),
        md(`*${alert.kind === 'health' ? 'Details' : 'What'}*\n${list(alert.values, 8)}`),
      ],
    },
  ];
  if (alert.reasons.length > 0)
    blocks.push({
      type: 'section',
      text: pt(
        alert.reasons
          .slice(0, 12)
          .map((r) => `• ${r}`)
          .join('\n'),
      ),
    });
  const runbooks = [...new Set(alert.findings.map((f) => f.runbook).filter((r): r is string => r !== null))].slice(
    0,
    3,
  );
  if (runbooks.length > 0)
    blocks.push({ type: 'section', text: pt(`First steps:\n${runbooks.map((r) => `• ${r}`).join('\n')}`) });
  if (alert.suppressed)
    blocks.push({ type: 'context', elements: [pt(`Suppressed: ${alert.suppressed.reason}`, 2000)] });
  const link = consoleLink(alert);
  if (link) {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: pt('Open the first event in CloudTrail', 75), url: link, action_id: 'open-cloudtrail' },
      ],
    });
  }
  const ips = [...new Set(alert.findings.flatMap((f) => f.evidence.sourceIps))];
  const agents = [...new Set(alert.findings.flatMap((f) => f.evidence.userAgents))];
  blocks.push({
    type: 'context',
    elements: [
      md(
        `alert ${code(alert.id)} · ${alert.findings.length} finding(s) · source IPs ${list(ips, 3)} · user agents ${list(agents, 2)}`,
      ),
    ],
  });
  return { text: slackFallback(alert), blocks, unfurl_links: false, unfurl_media: false };
}
