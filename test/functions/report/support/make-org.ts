/**
 * A synthetic organization's scan results for report tests and the README screenshot: alerts that validate
 * against `alertSchema`, built from realistic CloudTrail records, with activity, baselines and a summary.
 */
import {
  alertSchema,
  fingerprint,
  firstSeenFindingId,
  ruleFindingId,
} from '../../../../functions/engine/findings/index.js';
import type { Alert, Finding, Severity } from '../../../../functions/engine/findings/index.js';
import { emptySummary } from '../../../../functions/engine/detect/summary.js';
import type { ReportInput } from '../../../../functions/report/index.js';
import { cloudTrailRecord } from './records.js';

export interface OrgOptions {
  alerts: number;
  seed?: number;
  days?: number;
  accounts?: number;
  start?: string;
}

type Principal = Finding['principal'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS: Array<[string, string, Severity]> = [
  ['iam.amazonaws.com', 'CreateAccessKey', 'high'],
  ['iam.amazonaws.com', 'AttachRolePolicy', 'high'],
  ['iam.amazonaws.com', 'CreateUser', 'medium'],
  ['iam.amazonaws.com', 'PutRolePolicy', 'medium'],
  ['iam.amazonaws.com', 'UpdateAssumeRolePolicy', 'high'],
  ['sts.amazonaws.com', 'GetCallerIdentity', 'info'],
  ['s3.amazonaws.com', 'PutBucketPolicy', 'medium'],
  ['s3.amazonaws.com', 'GetBucketAcl', 'low'],
  ['s3.amazonaws.com', 'ListBuckets', 'low'],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', 'medium'],
  ['ec2.amazonaws.com', 'RunInstances', 'low'],
  ['ec2.amazonaws.com', 'DescribeInstances', 'info'],
  ['ec2.amazonaws.com', 'ModifySnapshotAttribute', 'high'],
  ['secretsmanager.amazonaws.com', 'GetSecretValue', 'medium'],
  ['ssm.amazonaws.com', 'GetParameters', 'low'],
  ['lambda.amazonaws.com', 'CreateFunction20150331', 'low'],
  ['kms.amazonaws.com', 'ScheduleKeyDeletion', 'high'],
  ['organizations.amazonaws.com', 'DescribeOrganization', 'low'],
  ['logs.amazonaws.com', 'DeleteLogGroup', 'medium'],
  ['rds.amazonaws.com', 'ModifyDBSnapshotAttribute', 'high'],
  ['guardduty.amazonaws.com', 'ListDetectors', 'low'],
];

const RULES: Array<{
  id: string;
  title: string;
  action: [string, string];
  severity: Severity;
  tactic: string;
  technique: string;
}> = [
  {
    id: 'aws.cloudtrail.trail-stopped',
    title: 'CloudTrail logging stopped',
    action: ['cloudtrail.amazonaws.com', 'StopLogging'],
    severity: 'critical',
    tactic: 'Defense Evasion',
    technique: 'T1562.008',
  },
  {
    id: 'aws.guardduty.detector-deleted',
    title: 'GuardDuty detector deleted',
    action: ['guardduty.amazonaws.com', 'DeleteDetector'],
    severity: 'critical',
    tactic: 'Defense Evasion',
    technique: 'T1562.001',
  },
  {
    id: 'aws.iam.admin-policy-attached',
    title: 'AdministratorAccess attached',
    action: ['iam.amazonaws.com', 'AttachUserPolicy'],
    severity: 'high',
    tactic: 'Privilege Escalation',
    technique: 'T1098.003',
  },
  {
    id: 'aws.iam.access-key-for-other-user',
    title: 'Access key created for another user',
    action: ['iam.amazonaws.com', 'CreateAccessKey'],
    severity: 'high',
    tactic: 'Persistence',
    technique: 'T1098.001',
  },
  {
    id: 'aws.ec2.security-group-open-to-world',
    title: 'Security group opened to 0.0.0.0/0',
    action: ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'],
    severity: 'medium',
    tactic: 'Initial Access',
    technique: 'T1190',
  },
  {
    id: 'aws.signin.console-login-without-mfa',
    title: 'Console login without MFA',
    action: ['signin.amazonaws.com', 'ConsoleLogin'],
    severity: 'medium',
    tactic: 'Initial Access',
    technique: 'T1078.004',
  },
  {
    id: 'aws.s3.bucket-policy-public',
    title: 'S3 bucket policy grants everyone',
    action: ['s3.amazonaws.com', 'PutBucketPolicy'],
    severity: 'high',
    tactic: 'Exfiltration',
    technique: 'T1537',
  },
  {
    id: 'aws.useragent.offensive-tool',
    title: 'Known offensive tool user agent',
    action: ['sts.amazonaws.com', 'GetCallerIdentity'],
    severity: 'high',
    tactic: 'Discovery',
    technique: 'T1087.004',
  },
];

const ROLES = [
  'ci-deploy',
  'AWSReservedSSO_AdministratorAccess_38ed609e',
  'data-pipeline',
  'lambda-ingest',
  'OrganizationAccountAccessRole',
  'eks-node-group',
  'backup-operator',
];
const USERS = ['alice', 'bob.smith', 'legacy-sync', 'terraform'];
const AGENTS = [
  'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.11.9',
  'Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#5.10 lang/python#3.12.4',
  'terraform-provider-aws/5.100.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.36.3',
  'console.amazonaws.com',
  'aws-sdk-js/3.1162.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2',
];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)] as T;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

interface AlertSpec {
  kind: 'first-seen' | 'rule' | 'incident';
  time: number;
  account: string;
  principal: Principal;
  severity: Severity;
}

export function makeOrg(options: OrgOptions): ReportInput {
  const r = rng(options.seed ?? 7);
  const days = options.days ?? 7;
  const start = Date.parse(options.start ?? '2026-11-14T00:00:00Z');
  const end = start + days * DAY;
  const accounts = Array.from({ length: options.accounts ?? 8 }, (_, i) =>
    String(100000000000 + Math.floor(r() * 899999999999) + i).slice(0, 12),
  );
  const principals = new Map<string, Principal[]>();
  for (const account of accounts) {
    principals.set(account, [
      ...ROLES.map((name) => ({
        key: `role:arn:aws:iam::${account}:role/${name}`,
        type: 'AssumedRole',
        arn: `arn:aws:iam::${account}:role/${name}`,
        name,
        accountId: account,
      })),
      ...USERS.map((name) => ({
        key: `user:arn:aws:iam::${account}:user/${name}`,
        type: 'IAMUser',
        arn: `arn:aws:iam::${account}:user/${name}`,
        name,
        accountId: account,
      })),
      { key: `root:${account}`, type: 'Root', arn: `arn:aws:iam::${account}:root`, name: 'root', accountId: account },
    ]);
  }
  let eventSeq = 0;
  const nextEventId = () =>
    `e${fingerprint('event', String(options.seed ?? 7), String(eventSeq++)).slice(0, 8)}-4b1d-4c2e-9f00-${String(eventSeq).padStart(12, '0')}`;
  const attackAt = start + Math.floor(days * 0.7) * DAY + 14 * HOUR;
  const attackIp = '203.0.113.77';

  function finding(
    spec: AlertSpec,
    detectorId: string,
    kind: 'first-seen' | 'rule',
    action: [string, string],
    severity: Severity,
    title: string,
    attack: boolean,
  ): Finding {
    const [source, name] = action;
    const value = `${source}:${name}`;
    const count = 1 + Math.floor(r() * (attack ? 40 : 6));
    const ip = attack ? attackIp : `10.${Math.floor(r() * 200)}.${Math.floor(r() * 250)}.${Math.floor(r() * 250)}`;
    const ua =
      attack && r() < 0.5 ? 'Pacu/1.5.3 (+https://github.com/RhinoSecurityLabs/pacu) Boto3/1.34.0' : pick(r, AGENTS);
    const region = attack ? 'us-east-1' : pick(r, REGIONS);
    const samples = Array.from({ length: Math.min(count, 1 + Math.floor(r() * 3)) }, (_, k) =>
      cloudTrailRecord({
        eventSource: source,
        eventName: name,
        time: spec.time + k * 37_000,
        accountId: spec.account,
        principal: spec.principal,
        region,
        sourceIp: ip,
        userAgent: ua,
        eventId: nextEventId(),
        requestParameters:
          name === 'AttachUserPolicy'
            ? { userName: 'svc-backup', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }
            : name === 'StopLogging'
              ? { name: `arn:aws:cloudtrail:us-east-1:${spec.account}:trail/org-trail` }
              : null,
        ...(r() < 0.15 ? { errorCode: 'AccessDenied' } : {}),
      }),
    );
    const windowStart = Math.floor(spec.time / HOUR) * HOUR;
    const rule = RULES.find((x) => x.id === detectorId);
    const known = Math.floor(20 + r() * 400);
    return {
      schemaVersion: 1,
      id:
        kind === 'rule'
          ? ruleFindingId(detectorId, spec.account, String(samples[0]?.['eventID']))
          : firstSeenFindingId(spec.account, spec.principal.key, 'action', value),
      kind,
      detectorId,
      title,
      accountId: spec.account,
      region,
      principal: spec.principal,
      dimension: 'action',
      value,
      count,
      errorCount: samples.filter((s) => s['errorCode']).length,
      firstEventTime: iso(spec.time),
      lastEventTime: iso(spec.time + count * 20_000),
      window: { start: iso(windowStart), end: iso(windowStart + HOUR) },
      evidence: {
        eventIds: samples.map((s) => String(s['eventID'])),
        sourceIps: [ip],
        userAgents: [ua],
        regions: [region],
        errorCodes: samples.flatMap((s) => (s['errorCode'] ? [String(s['errorCode'])] : [])),
        samples,
      },
      severity,
      score: Math.min(100, { info: 5, low: 20, medium: 45, high: 70, critical: 90 }[severity] + Math.floor(r() * 10)),
      reasons:
        kind === 'rule'
          ? [`${title}: ${name} by ${spec.principal.name} from ${ip}`]
          : [
              `First time ${spec.principal.name} called ${value} in ${known} days of history`,
              ...(attack ? ['Source IP 203.0.113.77 never seen for this principal'] : []),
            ],
      mitre: rule ? { tactic: rule.tactic, technique: rule.technique } : null,
      runbook: rule
        ? `Confirm with the owner of ${spec.principal.name}; if unexpected, revoke its sessions and restore the setting.`
        : null,
      flags: [],
      context: rule ? { target: name === 'AttachUserPolicy' ? 'svc-backup' : spec.account } : {},
      detector: { name: 'ct-anomaly', version: '0.1.0' },
    };
  }

  function alertOf(
    spec: AlertSpec,
    findings: Finding[],
    title: string,
    accountsOf: string[],
    suppressed: Alert['suppressed'],
  ): Alert {
    const values = [...new Set(findings.map((f) => f.value))];
    const reasons = [...new Set(findings.flatMap((f) => f.reasons))].slice(0, 6);
    if (spec.kind === 'incident')
      reasons.unshift(`Same source IP ${attackIp} acted in ${accountsOf.length} accounts within 2 hours`);
    const alert: Alert = {
      schemaVersion: 1,
      id: fingerprint('alert', ...findings.map((f) => f.id)),
      kind: spec.kind,
      title,
      severity: spec.severity,
      score: Math.max(...findings.map((f) => f.score)),
      reasons,
      accounts: accountsOf,
      principals: [...new Map(findings.map((f) => [f.principal.key, f.principal])).values()],
      firstEventTime: findings.map((f) => f.firstEventTime).sort()[0] ?? iso(spec.time),
      lastEventTime:
        findings
          .map((f) => f.lastEventTime)
          .sort()
          .at(-1) ?? iso(spec.time),
      findings,
      values,
      suppressed,
      createdAt: iso(spec.time + 20 * 60_000),
    };
    return alertSchema.parse(alert);
  }

  const alerts: Alert[] = [];
  for (let n = 0; n < options.alerts; n++) {
    const attack = r() < 0.08;
    const dayOffset = Math.floor(r() * days) * DAY;
    const diurnal = (8 + Math.floor(r() * 10)) * HOUR + Math.floor(r() * HOUR);
    const time = attack ? attackAt + Math.floor(r() * 7 * HOUR) : Math.min(end - HOUR, start + dayOffset + diurnal);
    const account = attack ? (accounts[Math.floor(r() * 3)] as string) : pick(r, accounts);
    const pool = principals.get(account) as Principal[];
    const principal = attack ? (pool[r() < 0.5 ? 4 : 7] as Principal) : pick(r, pool);
    const roll = r();
    if (attack && roll < 0.12) {
      const spread = accounts.slice(0, 3 + Math.floor(r() * 3));
      const spec: AlertSpec = { kind: 'incident', time, account, principal, severity: 'critical' };
      const findings = spread.map((acc) =>
        finding(
          {
            ...spec,
            account: acc,
            principal: {
              ...principal,
              accountId: acc,
              key: principal.key.replace(account, acc),
              arn: principal.arn?.replace(account, acc) ?? null,
            },
          },
          'first-seen.action',
          'first-seen',
          ['sts.amazonaws.com', 'GetCallerIdentity'],
          'high',
          'New action',
          true,
        ),
      );
      alerts.push(
        alertOf(
          spec,
          findings,
          `Same actor in ${spread.length} accounts: ${principal.name} from ${attackIp}`,
          spread,
          null,
        ),
      );
    } else if (roll < (attack ? 0.6 : 0.22)) {
      const calm = RULES.filter((x) => x.severity !== 'critical');
      const rule = attack
        ? (RULES[Math.floor(r() * 4)] as (typeof RULES)[number])
        : r() < 0.04
          ? pick(r, RULES)
          : pick(r, calm);
      const spec: AlertSpec = { kind: 'rule', time, account, principal, severity: rule.severity };
      alerts.push(
        alertOf(
          spec,
          [finding(spec, rule.id, 'rule', rule.action, rule.severity, rule.title, attack)],
          `${rule.title} by ${principal.name} in ${account}`,
          [account],
          null,
        ),
      );
    } else {
      const k = 1 + Math.floor(r() * (attack ? 6 : 3));
      const actions = [...new Set(Array.from({ length: k }, () => pick(r, ACTIONS)))];
      const top = actions.reduce(
        (s, a) =>
          ['info', 'low', 'medium', 'high', 'critical'].indexOf(a[2]) >
          ['info', 'low', 'medium', 'high', 'critical'].indexOf(s)
            ? a[2]
            : s,
        'info' as Severity,
      );
      const spec: AlertSpec = {
        kind: 'first-seen',
        time,
        account,
        principal,
        severity: attack && top !== 'info' ? 'high' : top === 'high' && r() < 0.75 ? 'medium' : top,
      };
      const findings = actions.map((a) =>
        finding(spec, 'first-seen.action', 'first-seen', [a[0], a[1]], a[2], `New action ${a[1]}`, attack),
      );
      const suppressed =
        !attack && principal.name === 'ci-deploy' && r() < 0.6
          ? { reason: 'known automation: ci-deploy', by: 'suppressions.yaml#ci-deploy' }
          : null;
      alerts.push(
        alertOf(
          spec,
          findings,
          `${principal.name} did ${actions.length === 1 ? 'something' : `${actions.length} things`} it never did before`,
          [account],
          suppressed,
        ),
      );
    }
  }

  const activity = accounts.flatMap((accountId, a) =>
    Array.from({ length: days * 24 }, (_, hour) => {
      const t = start + hour * HOUR;
      const h = (hour % 24) - 12;
      const base = (300 + a * 180) * (1.2 + Math.cos((h / 12) * Math.PI) * -0.8) + r() * 150;
      const burst = t >= attackAt && t < attackAt + 7 * HOUR && a < 3 ? 2600 : 0;
      return { hour: iso(t), accountId, events: Math.round(base + burst) };
    }),
  );
  const baselines: NonNullable<ReportInput['baselines']> = {};
  for (const [account, list] of principals)
    for (const p of list)
      baselines[`${account}|${p.key}`] = {
        firstSeen: iso(start - Math.floor(5 + r() * 400) * DAY),
        knownValues: Math.floor(3 + r() * 140),
      };

  const summary = emptySummary({ learningDays: 14, ttlDays: 90, windowMinutes: 60, lagMinutes: 15, learnOnly: false });
  const events = activity.reduce((s, p) => s + p.events, 0);
  summary.files = {
    read: accounts.length * days * 24 * 12,
    skipped: { digest: accounts.length * days * 24, insight: 3 },
    malformed: 1,
    late: 0,
    bytes: events * 1400,
  };
  summary.records = {
    read: events,
    malformed: { 'invalid-json': 2, 'missing-eventTime': 1 },
    duplicates: 120,
    future: 0,
    oversized: 0,
    serviceCalls: Math.round(events * 0.31),
  };
  summary.problems = [
    {
      path: `AWSLogs/o-abc123/${accounts[0]}/CloudTrail/us-east-1/2026/11/16/truncated.json.gz`,
      reason: 'truncated-gzip',
      records: 211,
    },
  ];
  summary.accounts = accounts.length;
  summary.principals = accounts.length * 12;
  summary.windows = accounts.length * days * 24;
  summary.period = { from: iso(start), to: iso(end - 1000) };
  summary.findings = {
    firstSeen: alerts.filter((a) => a.kind === 'first-seen').reduce((s, a) => s + a.findings.length, 0),
    rule: alerts.filter((a) => a.kind === 'rule').length,
    learned: 4210,
  };
  for (const a of alerts) if (!a.suppressed) summary.alerts.bySeverity[a.severity] += 1;
  summary.alerts.emitted = alerts.filter((a) => !a.suppressed).length;
  summary.alerts.suppressed = alerts.length - summary.alerts.emitted;
  summary.seconds = 41.7;
  return {
    alerts,
    summary,
    activity,
    baselines,
    generatedAt: iso(end + 30 * 60_000),
    title: 'ct-anomaly report: acme-prod organization, one week',
  };
}
