import { event, identity } from '../../case-builder.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Long-lived access keys for the root user: full, unrestrictable API access. */
export const rootAccessKeyCreated: RecordRule = {
  id: 'aws.iam.root-access-key-created',
  title: 'Access key created for the root user',
  description:
    'CreateAccessKey by the root user without a userName: the key belongs to root itself and can do anything, no SCP applies to it in a standalone account. Root creating a key for a named IAM user is reported by aws.iam.access-key-created-for-other-user instead.',
  severity: 'critical',
  mitre: MITRE.additionalCredentials,
  runbook:
    'Deactivate and delete the root access key now, then rotate the root password and MFA and review all root activity.',
  prefilter: [{ ...clause('iam', 'CreateAccessKey'), identityTypes: ['Root'] }],
  match: (r) =>
    isEvent(r, 'iam', 'CreateAccessKey') && r.userIdentity?.type === 'Root' && req(r, 'userName') === undefined,
  context: (r) => ({ accessKeyId: reqText(r, 'accessKey.accessKeyId') ?? null }),
  cases: [
    {
      name: 'flags root creating its own key',
      expect: true,
      record: event('iam', 'CreateAccessKey', {
        as: identity.root(),
        response: { accessKey: { accessKeyId: 'AKIAROOTKEY000000001', status: 'Active' } },
      }),
    },
    {
      name: 'ignores root creating a key for an IAM user',
      expect: false,
      record: event('iam', 'CreateAccessKey', { as: identity.root(), request: { userName: 'bob' } }),
    },
    {
      name: 'ignores an IAM user creating its own key',
      expect: false,
      record: event('iam', 'CreateAccessKey', { as: identity.user('alice') }),
    },
  ],
};
