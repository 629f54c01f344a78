/**
 * An alert as an OCSF 1.3 Detection Finding (class_uid 2004, category 2 "Findings"): the body of the
 * `Anomaly Alert` event on the central bus, for SOC consumers whose pipelines speak OCSF.
 * @module
 */
import type { Alert } from './alert.js';
import type { Finding, Severity } from './schema.js';

/** The OCSF schema version the mapping follows. */
export const OCSF_VERSION = '1.3.0';

/** Options of {@link alertToOcsf}. */
export interface OcsfOptions {
  productVersion: string;
}

/** An OCSF Detection Finding event (the attributes this mapping fills). */
export interface OcsfDetectionFinding {
  class_uid: 2004;
  class_name: 'Detection Finding';
  category_uid: 2;
  category_name: 'Findings';
  activity_id: 1;
  activity_name: 'Create';
  type_uid: 200401;
  type_name: 'Detection Finding: Create';
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  time: number;
  start_time: number;
  end_time: number;
  message: string;
  is_alert: boolean;
  risk_score: number;
  risk_level_id: number;
  risk_level: string;
  finding_info: Record<string, unknown>;
  resources: Array<Record<string, unknown>>;
  cloud: Record<string, unknown>;
  actor: Record<string, unknown>;
  evidences: Array<Record<string, unknown>>;
  metadata: Record<string, unknown>;
  unmapped: Record<string, unknown>;
}

const SEVERITY: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};
const RISK: Record<Severity, [number, string]> = {
  info: [0, 'Info'],
  low: [1, 'Low'],
  medium: [2, 'Medium'],
  high: [3, 'High'],
  critical: [4, 'Critical'],
};
const AWS_ACCOUNT_TYPE = { type: 'AWS Account', type_id: 10 };

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

function resourceType(principalType: string): string {
  if (principalType === 'AssumedRole') return 'AWS::IAM::Role';
  if (principalType === 'IAMUser') return 'AWS::IAM::User';
  if (principalType === 'Root') return 'AWS::Account';
  return `AWS::Principal::${principalType}`;
}

function user(p: Alert['principals'][number]): Record<string, unknown> {
  return {
    uid: p.key,
    ...(p.arn ? { uid_alt: p.arn } : {}),
    ...(p.name ? { name: p.name } : {}),
    type: p.type,
    ...(p.accountId ? { account: { uid: p.accountId, ...AWS_ACCOUNT_TYPE } } : {}),
  };
}

/** MITRE ATT&CK entries from `TA0005 Defense Evasion` / `T1562.008 Impair Defenses: ...` strings. */
function attacks(findings: readonly Finding[]): Array<Record<string, unknown>> {
  const seen = new Map<string, Record<string, unknown>>();
  for (const f of findings) {
    if (!f.mitre) continue;
    const [tacticUid, ...tacticName] = f.mitre.tactic.split(' ');
    const [techniqueUid, ...techniqueName] = f.mitre.technique.split(' ');
    const key = `${tacticUid}|${techniqueUid}`;
    if (!seen.has(key)) {
      seen.set(key, {
        tactic: { uid: tacticUid, name: tacticName.join(' ') },
        technique: { uid: techniqueUid, name: techniqueName.join(' ') },
        version: '16',
      });
    }
  }
  return [...seen.values()];
}

function evidence(f: Finding): Record<string, unknown> {
  const [source, operation] = [f.value.slice(0, f.value.indexOf(':')), f.value.slice(f.value.indexOf(':') + 1)];
  return {
    api: {
      operation,
      service: { name: source },
      ...(f.evidence.eventIds[0] ? { request: { uid: f.evidence.eventIds[0] } } : {}),
    },
    actor: { user: user(f.principal) },
    ...(f.evidence.sourceIps[0] ? { src_endpoint: { ip: f.evidence.sourceIps[0] } } : {}),
    ...(f.evidence.userAgents[0] ? { http_request: { user_agent: f.evidence.userAgents[0] } } : {}),
    data: {
      detector: f.detectorId,
      finding_uid: f.id,
      count: f.count,
      error_count: f.errorCount,
      error_codes: f.evidence.errorCodes,
      regions: f.evidence.regions,
    },
  };
}

/**
 * Maps an alert onto an OCSF Detection Finding.
 * @example
 * const body = alertToOcsf(alert, { productVersion: '0.1.0' }); // detail of the `Anomaly Alert` event
 */
export function alertToOcsf(alert: Alert, options: OcsfOptions): OcsfDetectionFinding {
  const [severityId, severityName] = SEVERITY[alert.severity];
  const [riskId, riskName] = RISK[alert.severity];
  const top = alert.findings[0];
  const region = top?.region ?? null;
  const eventIds = [...new Set(alert.findings.flatMap((f) => f.evidence.eventIds))];
  const analytic = top
    ? {
        uid: top.detectorId,
        name: top.detectorId,
        type_id: top.kind === 'rule' ? 1 : 2,
        type: top.kind === 'rule' ? 'Rule' : 'Behavioral',
      }
    : { uid: alert.kind, name: alert.kind, type_id: 99, type: 'Other' };
  const mitre = attacks(alert.findings);
  return {
    class_uid: 2004,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: 1,
    activity_name: 'Create',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: severityId,
    severity: severityName,
    status_id: alert.suppressed ? 3 : 1,
    status: alert.suppressed ? 'Suppressed' : 'New',
    time: ms(alert.createdAt),
    start_time: ms(alert.firstEventTime),
    end_time: ms(alert.lastEventTime),
    message: alert.title,
    is_alert: alert.suppressed === null,
    risk_score: alert.score,
    risk_level_id: riskId,
    risk_level: riskName,
    finding_info: {
      uid: alert.id,
      title: alert.title,
      desc: alert.reasons.join(' '),
      types: [alert.kind, ...new Set(alert.findings.map((f) => f.detectorId))],
      created_time: ms(alert.createdAt),
      first_seen_time: ms(alert.firstEventTime),
      last_seen_time: ms(alert.lastEventTime),
      analytic,
      ...(mitre.length > 0 ? { attacks: mitre } : {}),
      related_events: eventIds.slice(0, 50).map((uid) => ({ uid, type: 'CloudTrail event' })),
      related_events_count: eventIds.length,
      data_sources: ['AWS CloudTrail'],
    },
    resources: alert.principals.map((p) => ({
      uid: p.arn ?? p.key,
      ...(p.name ? { name: p.name } : {}),
      type: resourceType(p.type),
      cloud_partition: (p.arn ?? '').split(':')[1] || 'aws',
      ...(region ? { region } : {}),
      ...(p.accountId ? { owner: { account: { uid: p.accountId, ...AWS_ACCOUNT_TYPE } } } : {}),
    })),
    cloud: { provider: 'AWS', account: { uid: alert.accounts[0], ...AWS_ACCOUNT_TYPE }, ...(region ? { region } : {}) },
    actor: alert.principals[0] ? { user: user(alert.principals[0]) } : {},
    evidences: alert.findings.slice(0, 20).map(evidence),
    metadata: {
      product: {
        name: 'ct-anomaly',
        vendor_name: 'ct-anomaly',
        version: options.productVersion,
        feature: { name: alert.kind },
      },
      version: OCSF_VERSION,
      uid: alert.id,
      logged_time: ms(alert.createdAt),
      labels: alert.suppressed ? [`suppressed:${alert.suppressed.reason}`] : [],
    },
    unmapped: {
      accounts: alert.accounts,
      values: alert.values,
      kind: alert.kind,
      ...(alert.suppressed ? { suppressed: alert.suppressed } : {}),
    },
  };
}
