import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { field, flag, num, text } from '../../fields.js';
import { isWorldCidr } from '../../../net/index.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

function opened(r: CloudTrailRecord): boolean {
  if (!isEvent(r, 'ec2', 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry')) return false;
  if (flag(req(r, 'egress')) === true) return false;
  if ((text(r.requestParameters, 'ruleAction') ?? '').toLowerCase() !== 'allow') return false;
  return isWorldCidr(text(r.requestParameters, 'cidrBlock')) || isWorldCidr(text(r.requestParameters, 'ipv6CidrBlock'));
}

const portRange = (r: CloudTrailRecord): string => {
  const from = num(field(r.requestParameters, 'portRange.from'));
  const to = num(field(r.requestParameters, 'portRange.to'));
  if (text(r.requestParameters, 'aclProtocol') === '-1' || from === undefined) return 'all ports';
  return from === to ? `port ${from}` : `ports ${from}-${to}`;
};

/** A network ACL entry allowing inbound traffic from the whole internet. */
export const networkAclOpenedToWorld: RecordRule = {
  id: 'aws.ec2.network-acl-opened-to-world',
  title: 'Network ACL opened to the internet',
  description:
    'CreateNetworkAclEntry or ReplaceNetworkAclEntry adding an inbound allow rule from 0.0.0.0/0 or ::/0 (any prefix length 0), on any port. Egress entries and deny entries are ignored. Default ACLs already allow everything: this matters where ACLs are used as a control.',
  severity: 'medium',
  mitre: MITRE.disableFirewall,
  runbook: 'Compare the entry with the ACL managed in code and remove it if it is not planned.',
  prefilter: [clause('ec2', 'CreateNetworkAclEntry', 'ReplaceNetworkAclEntry')],
  match: opened,
  titleOf: (r) =>
    `Network ACL ${reqText(r, 'networkAclId') ?? ''} allows inbound traffic from the internet on ${portRange(r)}`.replace(
      /\s+/g,
      ' ',
    ),
  context: (r) => ({
    networkAclId: reqText(r, 'networkAclId') ?? null,
    ruleNumber: num(req(r, 'ruleNumber')) ?? null,
    ports: portRange(r),
  }),
  cases: [
    {
      name: 'flags an inbound allow from 0.0.0.0/0 (TrailDiscover shape)',
      expect: true,
      record: event('ec2', 'CreateNetworkAclEntry', {
        request: {
          aclProtocol: '17',
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: {},
          networkAclId: 'acl-5fb85d36',
          portRange: { from: 53, to: 53 },
          ruleAction: 'allow',
          ruleNumber: 100,
        },
      }),
    },
    {
      name: 'flags a replaced entry open on ::/0',
      expect: true,
      record: event('ec2', 'ReplaceNetworkAclEntry', {
        request: {
          aclProtocol: '-1',
          ipv6CidrBlock: '::/0',
          egress: false,
          networkAclId: 'acl-1',
          ruleAction: 'allow',
          ruleNumber: 90,
        },
      }),
    },
    {
      name: 'ignores an egress entry',
      expect: false,
      record: event('ec2', 'CreateNetworkAclEntry', {
        request: {
          aclProtocol: '-1',
          cidrBlock: '0.0.0.0/0',
          egress: true,
          networkAclId: 'acl-1',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
      }),
    },
    {
      name: 'ignores a deny entry',
      expect: false,
      record: event('ec2', 'CreateNetworkAclEntry', {
        request: {
          aclProtocol: '-1',
          cidrBlock: '0.0.0.0/0',
          egress: false,
          networkAclId: 'acl-1',
          ruleAction: 'deny',
          ruleNumber: 100,
        },
      }),
    },
    {
      name: 'ignores a private range',
      expect: false,
      record: event('ec2', 'CreateNetworkAclEntry', {
        request: {
          aclProtocol: '6',
          cidrBlock: '10.0.0.0/8',
          egress: false,
          networkAclId: 'acl-1',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
      }),
    },
  ],
};
