import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const ADMIN = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;
const NAMES = ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy'];

function target(r: CloudTrailRecord): string {
  const kind = r.eventName === 'AttachUserPolicy' ? 'user' : r.eventName === 'AttachGroupPolicy' ? 'group' : 'role';
  return `${kind} ${reqText(r, 'userName', 'groupName', 'roleName') ?? '(unknown)'}`;
}

/** The AWS-managed AdministratorAccess policy attached to a user, group or role. */
export const adminPolicyAttached: RecordRule = {
  id: 'aws.iam.admin-policy-attached',
  title: 'AdministratorAccess attached',
  description:
    'AttachUserPolicy, AttachGroupPolicy or AttachRolePolicy with arn:aws:iam::aws:policy/AdministratorAccess (any partition): full control of the account for the target. Customer-managed policies granting everything are caught by first-seen and by aws.iam.inline-policy-allows-all for inline ones.',
  severity: 'high',
  mitre: MITRE.additionalRoles,
  runbook:
    'Confirm the grant with the owner of the target; detach it if unexpected and review what the target did with it.',
  prefilter: [clause('iam', ...NAMES)],
  match: (r) => isEvent(r, 'iam', ...NAMES) && ADMIN.test(reqText(r, 'policyArn') ?? ''),
  titleOf: (r) => `AdministratorAccess attached to ${target(r)}`,
  context: (r) => ({ target: target(r), policyArn: reqText(r, 'policyArn') ?? null }),
  cases: [
    {
      name: 'flags AdministratorAccess on a user (Stratus shape)',
      expect: true,
      record: event('iam', 'AttachUserPolicy', {
        request: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', userName: 'malicious-iam-user' },
      }),
    },
    {
      name: 'flags AdministratorAccess on a role',
      expect: true,
      record: event('iam', 'AttachRolePolicy', {
        as: identity.role('ci'),
        request: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', roleName: 'app' },
      }),
    },
    {
      name: 'ignores ReadOnlyAccess',
      expect: false,
      record: event('iam', 'AttachGroupPolicy', {
        request: { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', groupName: 'auditors' },
      }),
    },
    {
      name: 'ignores a customer policy named like it',
      expect: false,
      record: event('iam', 'AttachUserPolicy', {
        request: { policyArn: 'arn:aws:iam::111122223333:policy/AdministratorAccessLimited', userName: 'bob' },
      }),
    },
    {
      name: 'ignores a denied attach (TrailDiscover shape)',
      expect: false,
      record: event('iam', 'AttachUserPolicy', { error: 'AccessDenied' }),
    },
  ],
};
