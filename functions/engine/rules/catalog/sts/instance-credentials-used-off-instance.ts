import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event, identity } from '../../case-builder.js';
import { isOutsideOrganization, organizationBasis } from '../../context.js';
import { str } from '../../fields.js';
import { isPrivateIp, parseIp } from '../../../net/index.js';
import { MITRE } from '../../mitre.js';
import type { RuleContext, WindowHit, WindowRule } from '../../types.js';

/** `arn:aws:sts::<account>:assumed-role/<role>/i-<id>`: the session name EC2 gives instance-profile credentials. */
const INSTANCE_SESSION = '^arn:aws[a-z-]*:sts::[0-9]{12}:assumed-role/[^/]+/i-[0-9a-f]{8,17}$';
const INSTANCE_RE = new RegExp(INSTANCE_SESSION);
/** What the SSM agent on every managed instance calls every few minutes: the bulk of instance-role events. */
const SSM_AGENT_HEARTBEATS = [
  'UpdateInstanceInformation',
  'ListInstanceAssociations',
  'UpdateInstanceAssociationStatus',
  'PutInventory',
  'PutComplianceItems',
];
/** Workstation operating systems in SDK/CLI user agents; instances almost never run them. */
const WORKSTATION_UA = /(os\/macos|darwin\/|mac os x|os\/windows#10|windows nt 10\.0; win64)/i;

function fromInstanceSession(r: CloudTrailRecord): boolean {
  if (r.userIdentity?.type !== 'AssumedRole' || !INSTANCE_RE.test(str(r.userIdentity.arn))) return false;
  if (str(r.userIdentity.invokedBy) !== '') return false;
  const key = str(r.userIdentity.accessKeyId);
  if (key !== '' && !key.startsWith('ASIA')) return false;
  const ip = str(r.sourceIPAddress);
  return ip !== '' && ip !== 'AWS Internal' && !ip.endsWith('.amazonaws.com');
}

const publicIp = (r: CloudTrailRecord): string | null => {
  if (r.vpcEndpointId) return null;
  const ip = parseIp(r.sourceIPAddress);
  return ip !== null && !isPrivateIp(ip) ? (r.sourceIPAddress ?? null) : null;
};

function judge(session: string, records: CloudTrailRecord[], ctx: RuleContext): WindowHit | null {
  const [role, instance] = [session.split('/')[1] ?? '', session.split('/')[2] ?? ''];
  const ips = [...new Set(records.map(publicIp).filter((ip): ip is string => ip !== null))];
  const foreignEndpoint = records.filter(
    (r) =>
      typeof r.vpcEndpointAccountId === 'string' &&
      r.vpcEndpointAccountId !== '' &&
      isOutsideOrganization(r.vpcEndpointAccountId, r, ctx),
  );
  const workstation = records.filter((r) => publicIp(r) !== null && WORKSTATION_UA.test(str(r.userAgent)));
  const base = { role, instance, sourceIps: ips, ...organizationBasis(ctx) };
  if (foreignEndpoint.length > 0) {
    const accounts = [...new Set(foreignEndpoint.map((r) => r.vpcEndpointAccountId))];
    return {
      records: foreignEndpoint,
      dedupe: `${session}|vpce`,
      title: `Credentials of instance ${instance} (role ${role}) used through a VPC endpoint of account ${accounts.join(', ')}`,
      severity: 'critical',
      context: { ...base, vpcEndpointAccounts: accounts },
    };
  }
  if (ips.length >= 2) {
    return {
      records,
      dedupe: `${session}|ips`,
      title: `Credentials of instance ${instance} (role ${role}) used from ${ips.length} public addresses: ${ips.slice(0, 4).join(', ')}`,
      severity: 'high',
      context: base,
    };
  }
  if (workstation.length > 0) {
    return {
      records: workstation,
      dedupe: `${session}|ua`,
      title: `Credentials of instance ${instance} (role ${role}) used by a workstation client from ${publicIp(workstation[0]!)}`,
      severity: 'medium',
      context: { ...base, userAgents: [...new Set(workstation.map((r) => r.userAgent))] },
    };
  }
  return null;
}

function matchWindow(records: readonly CloudTrailRecord[], ctx: RuleContext): WindowHit[] {
  const sessions = new Map<string, CloudTrailRecord[]>();
  for (const r of records) {
    if (!fromInstanceSession(r)) continue;
    const arn = str(r.userIdentity?.arn);
    const key = arn.slice(arn.indexOf('assumed-role/'));
    const list = sessions.get(key);
    if (list) list.push(r);
    else sessions.set(key, [r]);
  }
  return [...sessions.entries()].map(([s, rs]) => judge(s, rs, ctx)).filter((h): h is WindowHit => h !== null);
}

const INSTANCE = 'i-0a1b2c3d4e5f60718';
const call = (ip: string, extra: Record<string, unknown> = {}, userAgent?: string): CloudTrailRecord =>
  event('ec2', 'DescribeInstances', {
    as: identity.instance('web-role', INSTANCE),
    ip,
    extra,
    ...(userAgent ? { userAgent } : {}),
  });

/** EC2 instance-profile credentials used somewhere other than their instance. */
export const instanceCredentialsUsedOffInstance: WindowRule = {
  id: 'aws.sts.instance-credentials-used-off-instance',
  scope: 'window',
  title: 'EC2 instance credentials used off the instance',
  description:
    "Calls made with an instance-profile session (assumed-role session named after the instance id, ASIA key, not invoked by an AWS service or from an AWS service address) that betray use elsewhere, within one window: (1) through a VPC endpoint owned by an account outside the organization (critical); (2) from two or more public addresses (high); (3) from a public address by a macOS/Windows workstation client (medium). What CloudTrail alone cannot tell: the instance's own addresses (no EC2 inventory here), so a thief using the credentials from one address while the instance itself stays silent in that window, or from inside AWS in the same account, goes unseen; an instance behind several NAT gateways or egress paths can look like several addresses; calls through a VPC endpoint carry a private address and are never compared.",
  severity: 'high',
  mitre: MITRE.stolenInstanceCredentials,
  runbook:
    "Compare the addresses with the instance's public/NAT addresses (EC2 DescribeInstances, flow logs); if foreign, revoke the role's active sessions (AWSRevokeOlderSessions) and investigate how the metadata service was reached (SSRF, IMDSv1).",
  // Instance sessions are chatty: fetch their calls outside VPC endpoints (what can show a second public
  // address) minus the SSM agent's heartbeats, and endpoint calls only when the endpoint is another account's.
  prefilter: [
    {
      identityTypes: ['AssumedRole'],
      arnPattern: INSTANCE_SESSION,
      withoutVpcEndpoint: true,
      excludeEventNames: SSM_AGENT_HEARTBEATS,
    },
    { identityTypes: ['AssumedRole'], arnPattern: INSTANCE_SESSION, foreignVpcEndpoint: true },
  ],
  matchWindow,
  cases: [
    {
      name: 'flags one session used from two public addresses',
      expect: 1,
      records: [call('54.240.1.10'), call('54.240.1.10'), call('203.0.113.200')],
    },
    {
      name: 'flags use through a foreign VPC endpoint',
      expect: 1,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      records: [call('10.1.2.3', { vpcEndpointId: 'vpce-0abc', vpcEndpointAccountId: FOREIGN_ACCOUNT })],
    },
    {
      name: 'flags a macOS client using instance credentials',
      expect: 1,
      records: [
        call(
          '203.0.113.50',
          {},
          'aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64 prompt/off command/ec2.describe-instances',
        ),
      ],
    },
    {
      name: 'ignores an instance calling from its one address',
      expect: 0,
      records: [call('54.240.1.10'), call('54.240.1.10'), call('54.240.1.10')],
    },
    {
      name: 'ignores a VPC endpoint of a sibling account (shared VPC)',
      expect: 0,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      records: [
        call('10.1.2.3', { vpcEndpointId: 'vpce-0abc', vpcEndpointAccountId: SIBLING_ACCOUNT }),
        call('54.240.1.10'),
      ],
    },
    {
      name: 'ignores calls AWS services make with the role',
      expect: 0,
      records: [call('ssm.amazonaws.com'), call('54.240.1.10'), call('AWS Internal')],
    },
    {
      name: 'ignores ordinary role sessions from several addresses',
      expect: 0,
      records: [
        event('s3', 'ListBuckets', { as: identity.role('dev', 'alice'), ip: '203.0.113.1' }),
        event('s3', 'ListBuckets', { as: identity.role('dev', 'alice'), ip: '198.51.100.2' }),
      ],
    },
  ],
};
