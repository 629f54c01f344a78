/** Builders for aggregator tests: findings with only the fields under test set, and a recording sink. */
import { createHash } from 'node:crypto';
import type { AlertSink, Envelope, SinkOutcome } from '../../../../functions/engine/aggregate/index.js';
import {
  firstSeenFindingId,
  ruleFindingId,
  type Alert,
  type Finding,
} from '../../../../functions/engine/findings/index.js';

export interface FindingSpec {
  account?: string;
  role?: string;
  action?: string;
  kind?: 'first-seen' | 'rule';
  ruleId?: string;
  time?: string;
  windowStart?: string;
  accessKeyId?: string;
  sourceIp?: string;
  sessionName?: string;
  severity?: Finding['severity'];
  score?: number;
  flags?: string[];
  userAgent?: string;
  principalAccount?: string;
}

/** A schema-valid finding of an assumed role with one sample record. */
export function makeFinding(spec: FindingSpec = {}): Finding {
  const account = spec.account ?? '111111111111';
  const role = spec.role ?? 'Deployer';
  const action = spec.action ?? 'iam.amazonaws.com:CreateUser';
  const time = spec.time ?? '2026-11-20T10:05:00Z';
  const kind = spec.kind ?? 'first-seen';
  const principalAccount = spec.principalAccount ?? account;
  const principalKey = `arn:aws:iam::${principalAccount}:role/${role}`;
  const [eventSource, eventName] = action.split(':') as [string, string];
  const session = spec.sessionName ?? 'botocore-session-1700000000';
  const sourceIp = spec.sourceIp ?? '10.0.0.5';
  const h = createHash('sha256').update(`${account}|${role}|${eventName}|${time}`).digest('hex');
  const eventId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return {
    schemaVersion: 1,
    id:
      kind === 'rule'
        ? ruleFindingId(spec.ruleId ?? 'aws.test.rule', account, eventId)
        : firstSeenFindingId(account, principalKey, 'action', action),
    kind,
    detectorId: kind === 'rule' ? (spec.ruleId ?? 'aws.test.rule') : 'first-seen.action',
    title:
      kind === 'rule'
        ? `Rule ${spec.ruleId ?? 'aws.test.rule'} matched`
        : `${role} did ${eventName} for the first time`,
    accountId: account,
    region: 'eu-west-1',
    principal: { key: principalKey, type: 'AssumedRole', arn: principalKey, name: role, accountId: principalAccount },
    dimension: 'action',
    value: action,
    count: 1,
    errorCount: 0,
    firstEventTime: time,
    lastEventTime: time,
    window: { start: spec.windowStart ?? '2026-11-20T10:00:00Z', end: '2026-11-20T11:00:00Z' },
    evidence: {
      eventIds: [eventId],
      sourceIps: [sourceIp],
      userAgents: [spec.userAgent ?? 'aws-cli/2.17.32'],
      regions: ['eu-west-1'],
      errorCodes: [],
      samples: [
        {
          eventID: eventId,
          eventTime: time,
          eventSource,
          eventName,
          sourceIPAddress: sourceIp,
          userAgent: spec.userAgent ?? 'aws-cli/2.17.32',
          recipientAccountId: account,
          userIdentity: {
            type: 'AssumedRole',
            accountId: principalAccount,
            arn: `arn:aws:sts::${principalAccount}:assumed-role/${role}/${session}`,
            accessKeyId: spec.accessKeyId ?? `ASIA${account}X${role.toUpperCase().slice(0, 4)}`,
            sessionContext: {
              sessionIssuer: { type: 'Role', arn: principalKey, accountId: principalAccount, userName: role },
            },
          },
        },
      ],
    },
    severity: spec.severity ?? 'medium',
    score: spec.score ?? 45,
    reasons: [`${role} had never called ${eventName}`],
    mitre: null,
    runbook: null,
    flags: spec.flags ?? [],
    context: {},
    detector: { name: 'ct-anomaly', version: 'test' },
  };
}

/** An `Anomaly Finding` envelope from `account` carrying `findings` (default: the findings' own account). */
export function envelope(findings: Finding[], account?: string, id?: string): Envelope {
  return {
    account: account ?? findings[0]?.accountId ?? '111111111111',
    detailType: 'Anomaly Finding',
    detail: { schemaVersion: 1, groupKey: 'g', part: 0, parts: 1, findings },
    ...(id ? { id } : {}),
  };
}

/** A sink that records what it got and can be told to fail. */
export class RecordingSink implements AlertSink {
  readonly received: Alert[] = [];
  fail: 'none' | 'throw' | 'report' = 'none';
  constructor(readonly name: string) {}
  async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
    if (this.fail === 'throw') throw new Error(`${this.name} is down`);
    if (this.fail === 'report') return alerts.map((a) => ({ alertId: a.id, ok: false, reason: 'HTTP 503' }));
    this.received.push(...alerts);
    return alerts.map((a) => ({ alertId: a.id, ok: true }));
  }
}

/** A fixed clock. */
export function clock(start = '2026-11-20T12:00:00.000Z'): { now: () => string; advance: (minutes: number) => void } {
  let t = Date.parse(start);
  return { now: () => new Date(t).toISOString(), advance: (minutes) => (t += minutes * 60_000) };
}
