import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { describePrincipal } from '../../describe.js';
import { creatorOf } from '../../creator.js';
import { callerUserName } from '../../fields.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import { principalOf } from '../../../cloudtrail/index.js';
import type { RecordRule } from '../../types.js';

const target = (r: CloudTrailRecord): string | undefined => reqText(r, 'userName', 'accessKey.userName');

function forOther(r: CloudTrailRecord): boolean {
  const t = target(r);
  if (t === undefined) return false;
  const self = callerUserName(r);
  return self === undefined || self !== t;
}

/** Someone created access keys for a user other than themselves. */
export const accessKeyCreatedForOtherUser: RecordRule = {
  id: 'aws.iam.access-key-created-for-other-user',
  title: 'Access key created for another user',
  description:
    'CreateAccessKey naming a user other than the caller (a role, root, or a different IAM user acting on it): new long-lived credentials an attacker can take away, the classic IAM backdoor. A user creating their own key is not flagged (first-seen covers that). Severity by who made it: critical for root, high for an IAM user (a long-lived key) or another account, medium for a role or a federated human, low for an AWS service.',
  severity: 'medium',
  mitre: MITRE.additionalCredentials,
  runbook:
    "Ask the user's owner whether the key was expected; if not, deactivate it and check where it was used (its accessKeyId in CloudTrail).",
  prefilter: [clause('iam', 'CreateAccessKey')],
  match: (r) => isEvent(r, 'iam', 'CreateAccessKey') && forOther(r),
  titleOf: (r) => `Access key created for IAM user ${target(r) ?? '(unknown)'} by ${describePrincipal(principalOf(r))}`,
  severityOf: (r) => creatorOf(r).severity,
  context: (r) => ({
    targetUser: target(r) ?? null,
    accessKeyId: reqText(r, 'accessKey.accessKeyId') ?? null,
    createdBy: creatorOf(r).createdBy,
  }),
  cases: [
    {
      name: 'flags a user creating a key for another user (Stratus shape)',
      expect: true,
      record: event('iam', 'CreateAccessKey', {
        request: { userName: 'malicious-iam-user' },
        response: {
          accessKey: { accessKeyId: 'AKIAXAFZN8JEPF6L682H', status: 'Active', userName: 'malicious-iam-user' },
        },
      }),
    },
    {
      name: 'flags a role creating a key for a user',
      expect: true,
      record: event('iam', 'CreateAccessKey', { as: identity.role('admin'), request: { userName: 'svc-backup' } }),
    },
    {
      name: 'ignores a user creating their own key',
      expect: false,
      record: event('iam', 'CreateAccessKey', { as: identity.user('alice'), request: { userName: 'alice' } }),
    },
    {
      name: 'ignores a key created without a user name (for the caller)',
      expect: false,
      record: event('iam', 'CreateAccessKey', { as: identity.user('alice') }),
    },
    {
      name: 'ignores a denied call (TrailDiscover shape)',
      expect: false,
      record: event('iam', 'CreateAccessKey', { error: 'AccessDenied' }),
    },
  ],
};
