import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event, identity } from '../../case-builder.js';
import { isOutsideOrganization, organizationBasis } from '../../context.js';
import { str } from '../../fields.js';
import { isPrivateIp, parseIp } from '../../../net/index.js';
import { MITRE } from '../../mitre.js';
import type { Burst, BurstPresentation, Observation, RuleContext, WindowRule } from '../../types.js';
import { flagValues } from '../burst.js';

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
/** The operating system an SDK/CLI user agent names (`os/linux#...`, `Darwin/23.1.0`, `Windows NT 10.0`). */
function osFamily(userAgent: string): string | null {
  if (/os\/macos|darwin\/|mac os x/i.test(userAgent)) return 'macos';
  if (/os\/windows|windows nt/i.test(userAgent)) return 'windows';
  if (/os\/linux|linux\//i.test(userAgent)) return 'linux';
  return null;
}

/** The Systems Manager agent's own calls (it may leave through its own proxy) and Default Host Management sessions. */
const bySsm = (r: CloudTrailRecord): boolean =>
  /amazon-ssm-agent/i.test(str(r.userAgent)) ||
  str(r.userIdentity?.arn).includes(':assumed-role/AWSSystemsManagerDefaultEC2InstanceManagementRole/');

function fromInstanceSession(r: CloudTrailRecord): boolean {
  if (r.userIdentity?.type !== 'AssumedRole' || !INSTANCE_RE.test(str(r.userIdentity.arn))) return false;
  if (str(r.userIdentity.invokedBy) !== '' || bySsm(r)) return false;
  const key = str(r.userIdentity.accessKeyId);
  if (key !== '' && !key.startsWith('ASIA')) return false;
  const ip = str(r.sourceIPAddress);
  return ip !== '' && ip !== 'AWS Internal' && !ip.endsWith('.amazonaws.com');
}

/** A public source address, IPv6 ones as their /64 (a dual-stack instance has one IPv4 and one IPv6 egress). */
function publicAddress(r: CloudTrailRecord): { family: 'v4' | 'v6'; value: string } | null {
  if (r.vpcEndpointId) return null;
  const ip = parseIp(r.sourceIPAddress);
  if (ip === null || isPrivateIp(ip)) return null;
  if (ip.version === 4) return { family: 'v4', value: str(r.sourceIPAddress) };
  const prefix = (ip.value >> 64n)
    .toString(16)
    .padStart(16, '0')
    .replace(/(.{4})(?!$)/g, '$1:');
  return { family: 'v6', value: `${prefix}::/64` };
}

/** One session's calls, judged four ways: IPv4 addresses, IPv6 /64s, foreign VPC endpoints, client operating systems. */
function observe(r: CloudTrailRecord, ctx: RuleContext): Observation[] {
  if (!fromInstanceSession(r)) return [];
  const arn = str(r.userIdentity?.arn);
  const session = arn.slice(arn.indexOf('assumed-role/'));
  const out: Observation[] = [];
  const endpointAccount = str(r.vpcEndpointAccountId);
  if (endpointAccount !== '' && isOutsideOrganization(endpointAccount, r, ctx)) {
    out.push({ actor: `${session}|vpce`, targets: [endpointAccount] });
  }
  const address = publicAddress(r);
  if (address !== null) {
    out.push({ actor: `${session}|${address.family}`, targets: [address.value] });
    const os = osFamily(str(r.userAgent));
    if (os !== null) out.push({ actor: `${session}|os`, targets: [os], flags: [`ip:${address.value}`] });
    if (os === 'macos') out.push({ actor: `${session}|macos`, targets: ['macos'], flags: [`ip:${address.value}`] });
  }
  return out;
}

function present(b: Burst, ctx: RuleContext): BurstPresentation {
  const [session = '', way = ''] = b.actor.split('|');
  const [, role = '', instance = ''] = session.split('/');
  const base = { role, instance, ...organizationBasis(ctx) };
  switch (way) {
    case 'vpce':
      return {
        title: `Credentials of instance ${instance} (role ${role}) used through a VPC endpoint of account ${b.targets.join(', ')}${ctx.organizationAccountIds === null ? ' (organization unknown)' : ''}`,
        severity: ctx.organizationAccountIds === null ? 'high' : 'critical',
        context: { ...base, vpcEndpointAccounts: b.targets },
      };
    case 'v4':
    case 'v6':
      return {
        title: `Credentials of instance ${instance} (role ${role}) used from ${b.targets.length} public ${way === 'v4' ? 'addresses' : 'IPv6 networks'}: ${b.targets.slice(0, 4).join(', ')}`,
        severity: 'high',
        context: { ...base, sourceIps: b.targets },
      };
    case 'os':
      return {
        title: `Credentials of instance ${instance} (role ${role}) used by clients on ${b.targets.join(' and ')}`,
        severity: 'medium',
        context: { ...base, operatingSystems: b.targets, sourceIps: flagValues(b, 'ip') },
      };
    default:
      return {
        title: `Credentials of instance ${instance} (role ${role}) used by a macOS client from ${flagValues(b, 'ip').join(', ')}`,
        severity: 'medium',
        context: { ...base, sourceIps: flagValues(b, 'ip') },
      };
  }
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
    "Calls made with an instance-profile session (assumed-role session named after the instance id, ASIA key, not invoked by an AWS service or from an AWS service address, not the Systems Manager agent's own calls) that betray use elsewhere, within the sliding span (`rules.burst`): (1) through a VPC endpoint owned by an account outside the organization (critical; high while the organization's accounts are unknown, as a central networking account's shared endpoints would look the same); (2) from two or more public IPv4 addresses, or two or more IPv6 /64 networks (high: a dual-stack instance with one address of each is one egress); (3) by clients on two operating systems, or by a macOS client, from a public address (medium: Windows Server instances send Windows user agents, EC2 Mac instances are rare). What CloudTrail alone cannot tell: the instance's own addresses (no EC2 inventory here), so a thief using the credentials from one address while the instance itself stays silent, or from inside AWS in the same account, goes unseen; an instance behind several NAT gateways or egress paths can look like several addresses; calls through a VPC endpoint carry a private address and are never compared.",
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
  observe,
  // Everything `observe` reads (the session, its key, the client, the address, the endpoint, the account): a
  // session's calls from one address and client are observed once (window/thin.ts).
  reads: [
    '$.userIdentity.type',
    '$.userIdentity.arn',
    '$.userIdentity.invokedBy',
    '$.userIdentity.accessKeyId',
    '$.userIdentity.accountId',
    '$.userAgent',
    '$.sourceIPAddress',
    '$.vpcEndpointId',
    '$.vpcEndpointAccountId',
    '$.recipientAccountId',
  ],
  threshold: (actor) => (actor.endsWith('|v4') || actor.endsWith('|v6') || actor.endsWith('|os') ? 2 : 1),
  present,
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
      name: 'flags clients on two operating systems using one session',
      expect: 1,
      records: [
        call('54.240.1.10', {}, 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux'),
        call('54.240.1.10', {}, 'aws-cli/2.15.0 md/installer#exe os/windows#10 md/arch#amd64 lang/python#3.11.6'),
      ],
    },
    {
      name: 'ignores a Windows Server instance (its SDK sends a Windows user agent)',
      expect: 0,
      records: [
        call('54.240.1.10', {}, 'aws-cli/2.15.0 md/installer#exe os/windows#10 md/arch#amd64 lang/python#3.11.6'),
      ],
    },
    {
      name: 'ignores a dual-stack instance calling over IPv4 and IPv6',
      expect: 0,
      records: [call('54.240.1.10'), call('2600:1f18:abcd:1200::5'), call('2600:1f18:abcd:1200::9')],
    },
    {
      name: 'ignores the Systems Manager agent leaving through its own proxy',
      expect: 0,
      records: [
        call('54.240.1.10'),
        call('198.51.99.20', {}, 'amazon-ssm-agent/3.3.131.0 aws-sdk-go/1.44.302 (go1.21.6; linux; amd64)'),
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
