import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { principalOf } from '../../../cloudtrail/index.js';
import type { Severity } from '../../../findings/index.js';
import { event, identity } from '../../case-builder.js';
import { str } from '../../fields.js';
import { hourlyKey } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

interface Tool {
  name: string;
  /** Lower-case substring for the SQL prefilter. */
  token: string;
  pattern: RegExp;
  kind: 'offensive distribution' | 'attack framework' | 'attack emulation' | 'scanner' | 'leaked-key checker';
  severity: Severity;
}

const word = (w: string): RegExp => new RegExp(`(^|[^a-z])${w}([^a-z]|$)`, 'i');

/**
 * Offensive tools and attacker distributions. Auditing tools (Prowler, ScoutSuite, CloudSploit,
 * Steampipe, CloudMapper, PMapper) are deliberately absent: security teams run them daily.
 */
export const OFFENSIVE_TOOLS: readonly Tool[] = [
  { name: 'Kali Linux', token: 'kali', pattern: word('kali'), kind: 'offensive distribution', severity: 'high' },
  { name: 'Parrot OS', token: 'parrot', pattern: word('parrot'), kind: 'offensive distribution', severity: 'high' },
  { name: 'Pentoo', token: 'pentoo', pattern: word('pentoo'), kind: 'offensive distribution', severity: 'high' },
  {
    name: 'BlackArch',
    token: 'blackarch',
    pattern: word('blackarch'),
    kind: 'offensive distribution',
    severity: 'high',
  },
  { name: 'Pacu', token: 'pacu', pattern: word('pacu'), kind: 'attack framework', severity: 'high' },
  { name: 'CloudFox', token: 'cloudfox', pattern: word('cloudfox'), kind: 'attack framework', severity: 'high' },
  { name: 'WeirdAAL', token: 'weirdaal', pattern: word('weirdaal'), kind: 'attack framework', severity: 'high' },
  {
    name: 'Stratus Red Team',
    token: 'stratus-red-team',
    pattern: /stratus-red-team/i,
    kind: 'attack emulation',
    severity: 'high',
  },
  { name: 'Grimoire', token: 'grimoire', pattern: word('grimoire'), kind: 'attack emulation', severity: 'high' },
  { name: 'CloudGoat', token: 'cloudgoat', pattern: word('cloudgoat'), kind: 'attack emulation', severity: 'high' },
  { name: 'sqlmap', token: 'sqlmap', pattern: word('sqlmap'), kind: 'scanner', severity: 'high' },
  { name: 'Nmap', token: 'nmap', pattern: word('nmap'), kind: 'scanner', severity: 'high' },
  { name: 'Nikto', token: 'nikto', pattern: word('nikto'), kind: 'scanner', severity: 'high' },
  {
    name: 'TruffleHog',
    token: 'trufflehog',
    pattern: word('trufflehog'),
    kind: 'leaked-key checker',
    severity: 'medium',
  },
];

const toolsIn = (r: CloudTrailRecord): Tool[] => {
  const ua = typeof r.userAgent === 'string' ? r.userAgent.slice(0, 4096) : '';
  return ua === '' ? [] : OFFENSIVE_TOOLS.filter((t) => t.pattern.test(ua));
};

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Calls made from an attacker distribution or by an offensive tool, whatever their outcome. */
export const offensiveToolUserAgent: RecordRule = {
  id: 'aws.general.offensive-tool-user-agent',
  title: 'Offensive tool in the user agent',
  description:
    'A call whose user agent names an attacker distribution (Kali, Parrot, Pentoo, BlackArch: SDKs and the CLI put the OS release in the agent), an attack framework (Pacu, CloudFox, WeirdAAL), an attack emulator (Stratus Red Team, Grimoire, CloudGoat), a scanner (sqlmap, Nmap, Nikto) or a leaked-key checker (TruffleHog verifying a found key). Successful and failed calls alike: denied reconnaissance matters. Auditing tools (Prowler, ScoutSuite, CloudSploit, Steampipe, CloudMapper, PMapper) are not flagged. The user agent is set by the caller: its absence proves nothing (Pacu rewrites it on Kali). One finding per principal, tool and hour.',
  severity: 'high',
  mitre: MITRE.cloudDiscovery,
  runbook:
    'Unless this is an announced red-team or emulation exercise, treat the credentials as compromised: disable the key or revoke the sessions, then review all calls from the same key and addresses.',
  prefilter: [{ userAgentContains: OFFENSIVE_TOOLS.map((t) => t.token) }],
  outcome: 'any',
  match: (r) => toolsIn(r).length > 0,
  titleOf: (r) =>
    `${toolsIn(r)
      .map((t) => t.name)
      .join(', ')} used against the account`,
  severityOf: (r) =>
    toolsIn(r)
      .map((t) => t.severity)
      .sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a))[0] ?? 'high',
  dedupe: (r) =>
    hourlyKey(
      r,
      principalOf(r).key,
      toolsIn(r)
        .map((t) => t.name)
        .join('+'),
    ),
  context: (r) => ({
    tools: toolsIn(r).map((t) => ({ name: t.name, kind: t.kind })),
    userAgent: str(r.userAgent).slice(0, 512),
  }),
  cases: [
    {
      name: 'flags aws-cli on Kali',
      expect: true,
      record: event('sts', 'GetCallerIdentity', {
        userAgent: 'aws-cli/1.18.69 Python/3.8.5 Linux/5.7.0-kali1-amd64 botocore/1.17.0',
      }),
    },
    {
      name: 'flags aws-cli v2 on Parrot',
      expect: true,
      record: event('iam', 'ListUsers', {
        userAgent: 'aws-cli/2.15.0 md/awscrt#0.19 ua/2.0 os/linux#6.5.0-13parrot1-amd64 md/distrib#parrot.5',
      }),
    },
    {
      name: 'flags Stratus Red Team, even when denied',
      expect: true,
      record: event('organizations', 'LeaveOrganization', {
        as: identity.role('x'),
        error: 'AccessDenied',
        userAgent: 'stratus-red-team_fd969928-3c0d-4feb-bd56-34f9aee3e6eb',
      }),
    },
    {
      name: 'flags a Grimoire detonation (TrailDiscover shape)',
      expect: true,
      record: event('acm-pca', 'GetCertificate', {
        error: 'AccessDenied',
        userAgent:
          'aws-cli/2.17.32 md/awscrt#0.21.2 ua/2.0 os/linux#0.0.0.0-microsoft-standard-WSL2 exec-env/grimoire_60e9ab1e-1f65-4548-84ba-24f72371f174 md/command#acm-pca.get-certificate',
      }),
    },
    {
      name: 'flags Pacu',
      expect: true,
      record: event('iam', 'GetAccountAuthorizationDetails', {
        userAgent: 'Boto3/1.26.0 Python/3.10 Linux/6.1 Botocore/1.29.0 Pacu',
      }),
    },
    {
      name: 'ignores Prowler (auditing tool)',
      expect: false,
      record: event('iam', 'ListUsers', {
        userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.5 APN/1.0 Prowler/3.11.3',
      }),
    },
    {
      name: 'ignores a word merely containing a token',
      expect: false,
      record: event('s3', 'GetObject', { userAgent: 'Mozilla/5.0 alkaline-kalinka-app/1.0 spacular' }),
    },
    {
      name: 'ignores Terraform',
      expect: false,
      record: event('ec2', 'RunInstances', {
        userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.11.0 terraform-provider-aws/5.98.0 aws-sdk-go-v2/1.36.3',
      }),
    },
  ],
};
