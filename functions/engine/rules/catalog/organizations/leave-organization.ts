import { event, identity } from '../../case-builder.js';
import { clause, isEvent } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** A member account leaving the organization (and its SCPs, org trail and delegated security services). */
export const leaveOrganization: RecordRule = {
  id: 'aws.organizations.leave-organization',
  title: 'Account left the organization',
  description:
    'LeaveOrganization from a member account: SCPs, the organization trail and organization-managed GuardDuty/Security Hub stop applying to it. A denied attempt (Stratus: aws.defense-evasion.organizations-leave) is reported by aws.general.denied-tampering-attempt.',
  severity: 'critical',
  mitre: MITRE.modifyHierarchy,
  runbook:
    'If it succeeded, the account is outside your controls: contact its owner and re-invite it; if denied, find out why the caller tried.',
  prefilter: [clause('organizations', 'LeaveOrganization')],
  match: (r) => isEvent(r, 'organizations', 'LeaveOrganization'),
  titleOf: (r) => `Account ${r.recipientAccountId ?? ''} left the organization`.replace(/\s+/g, ' '),
  cases: [
    { name: 'flags LeaveOrganization', expect: true, record: event('organizations', 'LeaveOrganization') },
    {
      name: 'ignores a denied attempt (Stratus detonation shape; aws.general.denied-tampering-attempt reports it)',
      expect: false,
      record: event('organizations', 'LeaveOrganization', {
        as: identity.role('stratus-red-team-leave-org-role', 'aws-go-sdk-1722587398902687000'),
        error: 'AccessDenied',
      }),
    },
    { name: 'ignores DescribeOrganization', expect: false, record: event('organizations', 'DescribeOrganization') },
  ],
};
