import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import { allowsAll } from '../../policy.js';
import type { RecordRule } from '../../types.js';

const NAMES = ['PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy'];

function target(r: CloudTrailRecord): string {
  const kind = r.eventName === 'PutUserPolicy' ? 'user' : r.eventName === 'PutGroupPolicy' ? 'group' : 'role';
  return `${kind} ${reqText(r, 'userName', 'groupName', 'roleName') ?? '(unknown)'}`;
}

/** An inline policy granting every action on every resource. */
export const inlinePolicyAllowsAll: RecordRule = {
  id: 'aws.iam.inline-policy-allows-all',
  title: 'Inline policy grants all actions',
  description:
    'PutUserPolicy, PutGroupPolicy or PutRolePolicy whose document has an Allow statement with Action "*" (or "*:*", or a NotAction list) on Resource "*": administrator rights that do not show up as an attached managed policy. The document is read whether logged as a JSON string, URL-encoded or an object.',
  severity: 'high',
  mitre: MITRE.additionalRoles,
  runbook: 'Delete the inline policy unless planned and review what the target did since.',
  prefilter: [clause('iam', ...NAMES)],
  match: (r) => isEvent(r, 'iam', ...NAMES) && allowsAll(req(r, 'policyDocument')),
  titleOf: (r) =>
    `Inline policy ${reqText(r, 'policyName') ?? ''} grants all actions to ${target(r)}`.replace(/\s+/g, ' '),
  context: (r) => ({ target: target(r), policyName: reqText(r, 'policyName') ?? null }),
  cases: [
    {
      name: 'flags Action "*" on Resource "*"',
      expect: true,
      record: event('iam', 'PutUserPolicy', {
        request: {
          userName: 'bob',
          policyName: 'p',
          policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
      }),
    },
    {
      name: 'flags "*:*" in a URL-encoded document',
      expect: true,
      record: event('iam', 'PutRolePolicy', {
        request: {
          roleName: 'app',
          policyName: 'p',
          policyDocument: encodeURIComponent('{"Statement":{"Effect":"Allow","Action":["*:*"],"Resource":["*"]}}'),
        },
      }),
    },
    {
      name: 'ignores Deny "*" (a quarantine policy)',
      expect: false,
      record: event('iam', 'PutUserPolicy', {
        request: {
          userName: 'test-user',
          policyName: 'DenyAll',
          policyDocument:
            '{\n\t"Version": "2012-10-17",\n\t"Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}]\n}',
        },
      }),
    },
    {
      name: 'ignores a scoped policy',
      expect: false,
      record: event('iam', 'PutGroupPolicy', {
        request: {
          groupName: 'dev',
          policyName: 'p',
          policyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::dev/*"}]}',
        },
      }),
    },
    {
      name: 'ignores an unreadable document',
      expect: false,
      record: event('iam', 'PutUserPolicy', { request: { userName: 'bob', policyDocument: '{not json' } }),
    },
  ],
};
