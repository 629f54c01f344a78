/**
 * First-seen principals: a principal the account's baseline never held is a finding of its own when
 * the baseline is old enough to know (a federation identity appearing in a settled account), and always
 * inside an incident window (`reportFrom`), where a user or role the attacker created must not sit out
 * a learning period. The finding carries the principal's first calls; the creation event, when the
 * input holds it, is attached by the caller (`withCreationEvent`).
 * @module
 */
import type { ActivityRow, Window } from '../activity/index.js';
import type { PrincipalRecord } from '../baseline/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { FINDING_SCHEMA_VERSION, firstSeenFindingId, trimRecord, type Finding } from '../findings/index.js';
import { DETECTOR_VERSION } from './version.js';

const DAY = 86_400_000;

/** The dimension of first-seen principal findings (the value is the principal key). */
export const PRINCIPAL_DIMENSION = 'principal';

/** Identities a federation or identity provider mints: a never-seen one is a new way in. */
export const FEDERATION_TYPES: ReadonlySet<string> = new Set([
  'SAMLUser',
  'WebIdentityUser',
  'FederatedUser',
  'IdentityCenterUser',
]);

/** Who AWS itself is, or no one: never reported as a new principal. */
const NOT_PRINCIPALS: ReadonlySet<string> = new Set(['AWSService', 'None']);

/** What decides whether a new principal is reported. */
export interface NewPrincipalPolicy {
  /** Set in an incident scan: every new principal of a reporting window is reported. */
  reportFrom?: string;
  /** Start of the account's history in the baseline (ISO). */
  historySince: string;
  learningDays: number;
}

/** Whether a principal first seen now is reported (the caller already knows the window reports). */
export function reportsNewPrincipal(p: Pick<PrincipalRecord, 'type' | 'firstSeen'>, o: NewPrincipalPolicy): boolean {
  if (NOT_PRINCIPALS.has(p.type)) return false;
  if (o.reportFrom !== undefined) return true;
  const history = Date.parse(p.firstSeen) - Date.parse(o.historySince);
  return FEDERATION_TYPES.has(p.type) && history >= Math.max(1, o.learningDays) * DAY;
}

const SEVERITY_BY_TYPE: Record<string, { severity: Finding['severity']; score: number }> = {
  Root: { severity: 'high', score: 70 },
  IAMUser: { severity: 'medium', score: 58 },
  AWSAccount: { severity: 'medium', score: 55 },
  FederatedUser: { severity: 'medium', score: 55 },
  AssumedRole: { severity: 'medium', score: 50 },
};

const distinct = (values: readonly string[], max: number): string[] => [...new Set(values)].slice(0, max);

/** The finding of a principal first seen in `window`, from its rows there (earliest first). */
export function newPrincipalFinding(principal: PrincipalRecord, rows: readonly ActivityRow[], window: Window): Finding {
  const sorted = [...rows].sort((a, b) => a.firstEventTime.localeCompare(b.firstEventTime));
  const first = sorted[0];
  const who = principal.name ?? principal.arn ?? principal.principalKey;
  const accountId = first?.accountId ?? '';
  const { severity, score } = SEVERITY_BY_TYPE[principal.type] ?? { severity: 'low' as const, score: 35 };
  const actions = distinct(
    sorted.map((r) => r.action),
    20,
  );
  const reasons = [
    `${who} (${principal.type}) was never seen before in account ${accountId}: its first call was ${first?.eventName ?? 'unknown'} at ${principal.firstSeen}.`,
    ...(FEDERATION_TYPES.has(principal.type)
      ? [
          'A federation identity the account never saw: a new way in (a new identity provider user, or a forged assertion).',
        ]
      : []),
  ];
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: firstSeenFindingId(accountId, principal.principalKey, PRINCIPAL_DIMENSION, principal.principalKey),
    kind: 'first-seen',
    detectorId: `first-seen.${PRINCIPAL_DIMENSION}`,
    title: `New principal ${who} (${principal.type}) in ${accountId}`,
    accountId,
    region: first?.regions[0] ?? null,
    principal: {
      key: principal.principalKey,
      type: principal.type,
      arn: principal.arn,
      name: principal.name,
      accountId: first?.principalAccountId ?? null,
    },
    dimension: PRINCIPAL_DIMENSION,
    value: principal.principalKey,
    count: sorted.reduce((n, r) => n + r.count, 0),
    errorCount: sorted.reduce((n, r) => n + r.errorCount, 0),
    firstEventTime: first?.firstEventTime ?? window.start,
    lastEventTime:
      sorted
        .map((r) => r.lastEventTime)
        .sort()
        .at(-1) ?? window.start,
    window,
    evidence: {
      eventIds: distinct(
        sorted.flatMap((r) => r.sampleEventIds.slice(0, 1)),
        10,
      ),
      sourceIps: distinct(
        sorted.flatMap((r) => r.sourceIps),
        10,
      ),
      userAgents: distinct(
        sorted.flatMap((r) => r.userAgents),
        10,
      ),
      regions: distinct(
        sorted.flatMap((r) => r.regions),
        10,
      ),
      errorCodes: distinct(
        sorted.flatMap((r) => r.errorCodes),
        10,
      ),
      samples: [],
    },
    severity,
    score,
    reasons,
    mitre: null,
    runbook:
      'Find who created or federated this principal (its creation event, the identity provider), and whether that was expected; if not, disable it and hunt its trail (ct-anomaly hunt --principal).',
    flags: ['new-principal'],
    context: { firstActions: actions },
    detector: { name: 'ct-anomaly', version: DETECTOR_VERSION },
  };
}

/**
 * The finding with the event that created the principal (CreateUser, CreateRole, ...) as its first
 * evidence, and the creator named in its reasons and context.
 */
export function withCreationEvent(finding: Finding, creation: CloudTrailRecord): Finding {
  const creator = creation.userIdentity;
  const by =
    (typeof creator?.arn === 'string' && creator.arn) ||
    (typeof creator?.type === 'string' ? creator.type : 'an unknown identity');
  const id = typeof creation.eventID === 'string' ? creation.eventID : null;
  return {
    ...finding,
    reasons: [
      ...finding.reasons,
      `Created by ${by} with ${String(creation.eventName)} at ${String(creation.eventTime)}${
        typeof creation.sourceIPAddress === 'string' ? ` from ${creation.sourceIPAddress}` : ''
      }.`,
    ],
    context: {
      ...finding.context,
      createdBy: by,
      createdWith: creation.eventName ?? null,
      createdAt: creation.eventTime ?? null,
    },
    evidence: {
      ...finding.evidence,
      eventIds: id
        ? [id, ...finding.evidence.eventIds.filter((e) => e !== id)].slice(0, 50)
        : finding.evidence.eventIds,
      samples: [trimRecord(creation), ...finding.evidence.samples].slice(0, 10),
    },
  };
}

/** The event among `records` that created the principal of `key` (an IAM user or role ARN), if any. */
export function creationEventOf(key: string, records: readonly CloudTrailRecord[]): CloudTrailRecord | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(key);
  if (m === null) return undefined;
  const [, account, kind, name] = m;
  const field = kind === 'user' ? 'userName' : 'roleName';
  return records.find((r) => {
    const params = r.requestParameters as Record<string, unknown> | null | undefined;
    return (
      r.eventName === (kind === 'user' ? 'CreateUser' : 'CreateRole') &&
      r.recipientAccountId === account &&
      typeof params === 'object' &&
      params !== null &&
      params[field] === name
    );
  });
}
