/**
 * Health alerts: about the system itself rather than a principal (an agent gone silent, an account
 * without an agent, a member account forging findings about other accounts).
 * @module
 */
import { ALERT_SCHEMA_VERSION, fingerprint, type Alert, type Severity } from '../findings/index.js';
import { listOf, plural } from './text.js';
import type { Rejection } from './types.js';
import { pushTo } from '../collections.js';

/** What a health alert says. */
export interface HealthAlertInput {
  id: string;
  title: string;
  severity: Severity;
  score: number;
  reasons: string[];
  accounts: string[];
  values: string[];
  firstEventTime: string;
  lastEventTime: string;
  now: string;
}

/** Builds a `health` alert (no findings, no principals). */
export function healthAlert(input: HealthAlertInput): Alert {
  return {
    schemaVersion: ALERT_SCHEMA_VERSION,
    id: input.id,
    kind: 'health',
    title: input.title,
    severity: input.severity,
    score: input.score,
    reasons: input.reasons,
    accounts: input.accounts,
    principals: [],
    firstEventTime: input.firstEventTime,
    lastEventTime: input.lastEventTime,
    findings: [],
    values: input.values,
    suppressed: null,
    createdAt: input.now,
  };
}

/**
 * One alert per sending account and UTC day for findings or heartbeats that claimed another account:
 * either that member account is compromised and trying to frame or hide behind others, or it is misconfigured.
 */
export function spoofAlerts(
  rejections: readonly Rejection[],
  now: string,
): Array<{ alert: Alert; envelopes: number[] }> {
  const bySender = new Map<string, Rejection[]>();
  for (const r of rejections) if (r.reason === 'account-mismatch') pushTo(bySender, r.account, r);
  const day = now.slice(0, 10);
  return [...bySender.entries()].map(([sender, rs]) => {
    const claimed = [...new Set(rs.map((r) => /claims account (\S+)/.exec(r.detail)?.[1] ?? 'unknown'))].sort();
    const alert = healthAlert({
      id: fingerprint('alert', 'health', 'spoof', sender, day),
      title: `Account ${sender} sent findings about other accounts`,
      severity: 'high',
      score: 75,
      reasons: [
        `Account ${sender} published ${plural(rs.length, 'event')} claiming to be about ${listOf(claimed, 5)}; the aggregator trusts only the account EventBridge vouches for, so they were rejected.`,
        'A member account can only speak for itself: this is either a compromised account trying to plant or hide findings, or a misconfigured forwarder. Check who can call events:PutEvents in that account.',
      ],
      accounts: [sender],
      values: claimed,
      firstEventTime: now,
      lastEventTime: now,
      now,
    });
    return { alert, envelopes: [...new Set(rs.map((r) => r.envelope))] };
  });
}
