/**
 * An alert as an AWS Security Finding Format (ASFF) finding for Security Hub `BatchImportFindings`.
 * The Id is the alert id, so re-importing an updated alert updates the finding instead of duplicating.
 * @module
 */
import type { Alert } from './alert.js';
import type { Finding, Severity } from './schema.js';

/** Options of {@link alertToAsff}. */
export interface AsffOptions {
  /** Region of the Security Hub the finding is imported into. */
  region: string;
  /** The account importing (the central account): the default product is `product/<account>/default`. */
  productAccountId: string;
  partition?: string;
  /** UpdatedAt (default: the alert's createdAt); must grow for Security Hub to accept an update. */
  updatedAt?: string;
  productVersion?: string;
}

/** The ASFF fields this mapping fills (all of BatchImportFindings' required ones). */
export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt: string;
  LastObservedAt: string;
  Severity: { Label: string; Original: string };
  Title: string;
  Description: string;
  Resources: Array<{ Type: string; Id: string; Partition: string; Region: string; Details?: Record<string, unknown> }>;
  ProductFields: Record<string, string>;
  FindingProviderFields: { Severity: { Label: string; Original: string }; Types: string[] };
  RecordState: 'ACTIVE';
  Remediation?: { Recommendation: { Text: string } };
  Action?: Record<string, unknown>;
  CompanyName: string;
  ProductName: string;
  Region: string;
}

const LABEL: Record<Severity, string> = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** ASFF "TTPs" categories by MITRE tactic name; Exfiltration and Impact are "Effects". */
const TTP: Record<string, string> = {
  'Initial Access': 'TTPs/Initial Access',
  Execution: 'TTPs/Execution',
  Persistence: 'TTPs/Persistence',
  'Privilege Escalation': 'TTPs/Privilege Escalation',
  'Defense Evasion': 'TTPs/Defense Evasion',
  'Credential Access': 'TTPs/Credential Access',
  Discovery: 'TTPs/Discovery',
  'Lateral Movement': 'TTPs/Lateral Movement',
  Collection: 'TTPs/Collection',
  'Command and Control': 'TTPs/Command and Control',
  Exfiltration: 'Effects/Data Exfiltration',
  Impact: 'Effects/Data Destruction',
};

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const iso = (t: string): string => {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? new Date(0).toISOString() : new Date(ms).toISOString();
};

/** The ASFF type strings (namespace/category/classifier) of an alert's findings. */
export function asffTypes(findings: readonly Finding[]): string[] {
  const types = new Set<string>();
  for (const f of findings) {
    if (f.kind === 'first-seen') {
      types.add('Unusual Behaviors/User/First-seen action');
      continue;
    }
    const tactic = f.mitre?.tactic.replace(/^TA\d{4}\s+/, '') ?? '';
    const category = TTP[tactic];
    const classifier = cut((f.mitre?.technique ?? f.detectorId).replace(/\//g, '-'), 128);
    types.add(category ? `${category}/${classifier}` : `TTPs/Defense Evasion/${classifier}`);
  }
  return [...types].slice(0, 50);
}

function resource(p: Alert['principals'][number], partition: string, region: string): AsffFinding['Resources'][number] {
  if (p.type === 'AssumedRole' && p.arn)
    return { Type: 'AwsIamRole', Id: cut(p.arn, 512), Partition: partition, Region: region };
  if (p.type === 'IAMUser' && p.arn)
    return { Type: 'AwsIamUser', Id: cut(p.arn, 512), Partition: partition, Region: region };
  if (p.type === 'Root' && p.accountId)
    return { Type: 'AwsAccount', Id: `AWS::::Account:${p.accountId}`, Partition: partition, Region: region };
  return {
    Type: 'Other',
    Id: cut(p.arn ?? p.key, 512),
    Partition: partition,
    Region: region,
    Details: { Other: { principalType: cut(p.type, 128) } },
  };
}

function apiAction(alert: Alert): Record<string, unknown> | undefined {
  const f = alert.findings[0];
  const ip = f?.evidence.sourceIps.find(
    (s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o)),
  );
  if (f === undefined || ip === undefined) return undefined;
  const i = f.value.indexOf(':');
  return {
    ActionType: 'AWS_API_CALL',
    AwsApiCallAction: {
      Api: cut(f.value.slice(i + 1), 128),
      ServiceName: cut(f.value.slice(0, i), 128),
      CallerType: 'remoteip',
      RemoteIpDetails: { IpAddressV4: ip },
      FirstSeen: iso(f.firstEventTime),
      LastSeen: iso(f.lastEventTime),
    },
  };
}

/**
 * Maps an alert onto one ASFF finding for `BatchImportFindings`.
 * @example
 * await securityHub.send(new BatchImportFindingsCommand({ Findings: [alertToAsff(alert, { region, productAccountId })] }));
 */
export function alertToAsff(alert: Alert, options: AsffOptions): AsffFinding {
  const partition = options.partition ?? 'aws';
  const top = alert.findings[0];
  const region = top?.region ?? options.region;
  const types = asffTypes(alert.findings);
  const severity = { Label: LABEL[alert.severity], Original: String(alert.score) };
  const runbook = alert.findings.find((f) => f.runbook)?.runbook ?? null;
  const fields: Record<string, string> = {
    'ct-anomaly/kind': alert.kind,
    'ct-anomaly/score': String(alert.score),
    'ct-anomaly/accounts': cut(alert.accounts.join(','), 2048),
    'ct-anomaly/detectors': cut([...new Set(alert.findings.map((f) => f.detectorId))].join(','), 2048),
    'ct-anomaly/values': cut(alert.values.join(','), 2048),
    'ct-anomaly/eventIds': cut(
      [...new Set(alert.findings.flatMap((f) => f.evidence.eventIds))].slice(0, 20).join(','),
      2048,
    ),
    ProviderName: 'ct-anomaly',
    ProviderVersion: options.productVersion ?? top?.detector.version ?? 'unknown',
  };
  if (alert.suppressed)
    fields['ct-anomaly/suppressed'] = cut(`${alert.suppressed.by}: ${alert.suppressed.reason}`, 2048);
  const action = apiAction(alert);
  return {
    SchemaVersion: '2018-10-08',
    Id: `ct-anomaly/${alert.id}`,
    ProductArn: `arn:${partition}:securityhub:${options.region}:${options.productAccountId}:product/${options.productAccountId}/default`,
    GeneratorId: cut(`ct-anomaly/${top?.detectorId ?? alert.kind}`, 512),
    AwsAccountId: alert.accounts[0] ?? options.productAccountId,
    Types: types.length > 0 ? types : ['Unusual Behaviors/User/ct-anomaly'],
    CreatedAt: iso(alert.createdAt),
    UpdatedAt: iso(options.updatedAt ?? alert.createdAt),
    FirstObservedAt: iso(alert.firstEventTime),
    LastObservedAt: iso(alert.lastEventTime),
    Severity: severity,
    Title: cut(alert.title, 256),
    Description: cut(alert.reasons.join(' ') || alert.title, 1024),
    Resources:
      alert.principals.length > 0
        ? alert.principals.slice(0, 32).map((p) => resource(p, partition, region))
        : [
            {
              Type: 'AwsAccount',
              Id: `AWS::::Account:${alert.accounts[0] ?? options.productAccountId}`,
              Partition: partition,
              Region: region,
            },
          ],
    ProductFields: fields,
    FindingProviderFields: {
      Severity: severity,
      Types: types.length > 0 ? types : ['Unusual Behaviors/User/ct-anomaly'],
    },
    RecordState: 'ACTIVE',
    ...(runbook ? { Remediation: { Recommendation: { Text: cut(runbook, 512) } } } : {}),
    ...(action ? { Action: action } : {}),
    CompanyName: 'ct-anomaly',
    ProductName: 'ct-anomaly',
    Region: options.region,
  };
}
