/**
 * The seam to the findings engine's OCSF and ASFF mappings (`alertToOcsf`, `alertToAsff`, from the
 * rules work). Until those land, these stand-ins produce valid, minimal documents; swap the two
 * functions here and nothing else changes.
 * @module
 */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Alert } from '../engine/findings/index.js';

/** Where the aggregator runs: ASFF must name the calling account (the default product accepts no other). */
export interface HomeAccount {
  accountId: string;
  region: string;
  partition: string;
}

const OCSF_SEVERITY: Record<Alert['severity'], number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const ASFF_LABEL: Record<Alert['severity'], 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'> = {
  info: 'INFORMATIONAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL',
};

/** An OCSF 1.1 Detection Finding (class 2004) for an alert. */
export function alertToOcsfStandIn(alert: Alert): Record<string, unknown> {
  const time = Date.parse(alert.createdAt);
  return {
    class_uid: 2004,
    category_uid: 2,
    activity_id: 1,
    type_uid: 200401,
    severity_id: OCSF_SEVERITY[alert.severity],
    severity: alert.severity === 'info' ? 'Informational' : alert.severity[0]!.toUpperCase() + alert.severity.slice(1),
    status_id: 1,
    time,
    message: alert.title,
    risk_score: Math.round(alert.score),
    finding_info: {
      uid: alert.id,
      title: alert.title,
      desc: alert.reasons.join('\n'),
      types: [alert.kind],
      created_time: time,
      first_seen_time: Date.parse(alert.firstEventTime),
      last_seen_time: Date.parse(alert.lastEventTime),
      related_events: alert.findings.flatMap((f) => f.evidence.eventIds.map((uid) => ({ uid, product_uid: 'cloudtrail' }))).slice(0, 50),
    },
    cloud: { provider: 'AWS', account: { uid: alert.accounts[0] } },
    resources: alert.accounts.map((uid) => ({ type: 'AWS::::Account', uid })),
    actor: alert.principals[0] ? { user: { uid: alert.principals[0].arn ?? alert.principals[0].key, name: alert.principals[0].name, type: alert.principals[0].type } } : undefined,
    metadata: { version: '1.1.0', product: { name: 'ct-anomaly', vendor_name: 'ct-anomaly' } },
    unmapped: { alert },
  };
}

/** An ASFF finding for an alert, imported into the home account; the alert id is the finding id (updates, not duplicates). */
export function alertToAsffStandIn(alert: Alert, home: HomeAccount): AwsSecurityFinding {
  const productArn = `arn:${home.partition}:securityhub:${home.region}:${home.accountId}:product/${home.accountId}/default`;
  return {
    SchemaVersion: '2018-10-08',
    Id: alert.id,
    ProductArn: productArn,
    GeneratorId: `ct-anomaly/${alert.kind}`,
    AwsAccountId: home.accountId,
    Types: [alert.kind === 'health' ? 'Software and Configuration Checks/ct-anomaly/Coverage' : 'Unusual Behaviors/User'],
    CreatedAt: alert.createdAt,
    UpdatedAt: alert.createdAt,
    FirstObservedAt: alert.firstEventTime,
    LastObservedAt: alert.lastEventTime,
    Severity: { Label: ASFF_LABEL[alert.severity], Original: String(alert.score) },
    Title: alert.title.slice(0, 256),
    Description: (alert.reasons.join(' ') || alert.title).slice(0, 1024),
    ProductFields: { 'ct-anomaly/kind': alert.kind, 'ct-anomaly/accounts': alert.accounts.join(',').slice(0, 4000) },
    Resources: alert.accounts.slice(0, 32).map((id) => ({ Type: 'AwsAccount', Id: `AWS::::Account:${id}`, Partition: home.partition as 'aws', Region: home.region })),
    RecordState: 'ACTIVE',
    Workflow: { Status: 'NEW' },
  };
}
