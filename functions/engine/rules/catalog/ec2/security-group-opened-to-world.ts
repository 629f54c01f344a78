import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import type { Severity } from '../../../findings/index.js';
import { event } from '../../case-builder.js';
import { field, flag, list, num, text } from '../../fields.js';
import { isWorldCidr } from '../../../net/index.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

interface OpenRule {
  cidr: string;
  protocol: string;
  from: number | null;
  to: number | null;
}

const CIDR_KEYS = ['cidrIp', 'cidrIpv4', 'cidrIpv6'];
const ADMIN_PORTS = [
  22, 23, 135, 139, 445, 1433, 1521, 2375, 2376, 3306, 3389, 5432, 5900, 5985, 5986, 6379, 9200, 11211, 27017,
];

function fromNode(node: unknown, cidr: string): OpenRule {
  return {
    cidr,
    protocol: text(node, 'ipProtocol') ?? '-1',
    from: num(field(node, 'fromPort')) ?? null,
    to: num(field(node, 'toPort')) ?? null,
  };
}

function collect(value: unknown, out: OpenRule[], depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  if (flag(field(value, 'isEgress')) === true) return;
  const ranges = [...list(field(value, 'ipRanges')), ...list(field(value, 'ipv6Ranges'))];
  for (const range of ranges)
    for (const key of CIDR_KEYS) {
      const cidr = text(range, key);
      if (cidr !== undefined) out.push(fromNode(value, cidr));
    }
  for (const key of CIDR_KEYS) {
    const cidr = text(value, key);
    if (cidr !== undefined) out.push(fromNode(value, cidr));
  }
  for (const [k, child] of Object.entries(value))
    if (!['ipRanges', 'ipv6Ranges'].includes(k)) collect(child, out, depth + 1);
}

function openRules(r: CloudTrailRecord): OpenRule[] {
  const found: OpenRule[] = [];
  collect(r.requestParameters, found);
  collect(field(r.responseElements, 'securityGroupRuleSet'), found);
  const world = found.filter((o) => isWorldCidr(o.cidr));
  return [...new Map(world.map((o) => [`${o.cidr}|${o.protocol}|${o.from}|${o.to}`, o])).values()];
}

const allPorts = (o: OpenRule): boolean =>
  o.protocol === '-1' ||
  o.protocol.toLowerCase() === 'all' ||
  (o.from !== null && o.to !== null && o.from <= 0 && o.to >= 65535);
const covers = (o: OpenRule, port: number): boolean =>
  allPorts(o) || (o.from !== null && o.to !== null && o.from <= port && port <= o.to);
const ports = (o: OpenRule): string =>
  allPorts(o) ? 'all ports' : o.from === o.to ? `port ${o.from}` : `ports ${o.from}-${o.to}`;

function severityOf(rules: OpenRule[]): Severity {
  if (rules.some((o) => ADMIN_PORTS.some((p) => covers(o, p)))) return 'high';
  if (
    rules.every(
      (o) => !allPorts(o) && o.from !== null && o.to !== null && [80, 443].includes(o.from) && o.from === o.to,
    )
  )
    return 'low';
  return 'medium';
}

/** A security group rule letting the whole internet in. */
export const securityGroupOpenedToWorld: RecordRule = {
  id: 'aws.ec2.security-group-opened-to-world',
  title: 'Security group opened to the internet',
  description:
    'AuthorizeSecurityGroupIngress or ModifySecurityGroupRules adding an ingress rule from 0.0.0.0/0 or ::/0 (any prefix length 0), on any port. Reads the legacy top-level cidrIp, ipPermissions ranges and the response rule set. Severity: high for all ports or administrative/database ports (SSH, RDP, SMB, MySQL, PostgreSQL, Redis, ...), low for 80/443 only, medium otherwise.',
  severity: 'medium',
  mitre: MITRE.disableFirewall,
  runbook:
    'Revoke the rule unless the group fronts a public service, and check the instances behind the group for logins from new addresses.',
  prefilter: [clause('ec2', 'AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules')],
  match: (r) =>
    isEvent(r, 'ec2', 'AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules') && openRules(r).length > 0,
  titleOf: (r) => {
    const rules = openRules(r);
    return `Security group ${reqText(r, 'groupId', 'groupName') ?? ''} opened to the internet on ${[...new Set(rules.map(ports))].join(', ')}`.replace(
      /\s+/g,
      ' ',
    );
  },
  severityOf: (r) => severityOf(openRules(r)),
  context: (r) => ({ groupId: reqText(r, 'groupId', 'groupName') ?? null, rules: openRules(r) }),
  cases: [
    {
      name: 'flags SSH from the world in the legacy top-level shape (Stratus detonation)',
      expect: true,
      record: event('ec2', 'AuthorizeSecurityGroupIngress', {
        request: {
          cidrIp: '0.0.0.0/0',
          fromPort: 22,
          groupId: 'sg-1',
          ipPermissions: {},
          ipProtocol: 'tcp',
          toPort: 22,
        },
      }),
    },
    {
      name: 'flags all traffic from ::/0 inside ipPermissions',
      expect: true,
      record: event('ec2', 'AuthorizeSecurityGroupIngress', {
        request: {
          groupId: 'sg-1',
          ipPermissions: { items: [{ ipProtocol: '-1', ipRanges: {}, ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } }] },
        },
      }),
    },
    {
      name: 'flags an anonymised world CIDR (prefix 0)',
      expect: true,
      record: event('ec2', 'AuthorizeSecurityGroupIngress', {
        request: {
          groupId: 'sg-1',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 8080,
                toPort: 8080,
                ipRanges: { items: [{ cidrIp: '208.236.235.254/0' }] },
              },
            ],
          },
        },
      }),
    },
    {
      name: 'ignores a /24 (TrailDiscover shape)',
      expect: false,
      record: event('ec2', 'AuthorizeSecurityGroupIngress', {
        request: {
          groupId: 'sg-1',
          ipPermissions: {
            items: [{ fromPort: 22, toPort: 22, ipProtocol: 'tcp', ipRanges: { items: [{ cidrIp: '0.0.0.0/24' }] } }],
          },
        },
      }),
    },
    {
      name: 'ignores egress to the world',
      expect: false,
      record: event('ec2', 'AuthorizeSecurityGroupEgress', {
        request: {
          groupId: 'sg-1',
          ipPermissions: { items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] },
        },
      }),
    },
    {
      name: 'ignores a denied change',
      expect: false,
      record: event('ec2', 'AuthorizeSecurityGroupIngress', {
        error: 'Client.UnauthorizedOperation',
        request: { cidrIp: '0.0.0.0/0', groupId: 'sg-1' },
      }),
    },
  ],
};
