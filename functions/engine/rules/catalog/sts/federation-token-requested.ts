import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { str, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import { allowsAll } from '../../policy.js';
import type { RecordRule } from '../../types.js';

const federatedName = (r: CloudTrailRecord): string | undefined => text(r.requestParameters, 'name');
const grantsAll = (r: CloudTrailRecord): boolean => allowsAll(req(r, 'policy'));

/** GetFederationToken: temporary credentials that outlive the access key that made them. */
export const federationTokenRequested: RecordRule = {
  id: 'aws.sts.federation-token-requested',
  title: 'Federation token requested with long-term credentials',
  description:
    'A successful GetFederationToken by an IAM user or the root user. The resulting federated-user credentials last up to 36 hours and keep working after the user\'s access key is deactivated or deleted, a persistence trick seen in real intrusions (Stratus: aws.persistence.sts-federation-token). Few modern workloads still use it (identity brokers predating IAM Identity Center). High when the session policy allows every action ("*" on "*"), medium otherwise; the federated user\'s calls then appear as FederatedUser with the name in the context.',
  severity: 'medium',
  mitre: { tactic: 'TA0003 Persistence', technique: 'T1098.001 Account Manipulation: Additional Cloud Credentials' },
  runbook:
    "If unexpected, deny the user all actions with an inline policy conditioned on aws:TokenIssueTime (deactivating the key does not revoke the token), then review the federated user's calls.",
  prefilter: [clause('sts', 'GetFederationToken')],
  match: (r) => isEvent(r, 'sts', 'GetFederationToken') && ['IAMUser', 'Root'].includes(r.userIdentity?.type ?? ''),
  titleOf: (r) =>
    `Federation token${named(federatedName(r))} issued to ${r.userIdentity?.type === 'Root' ? 'the root user' : `IAM user ${str(r.userIdentity?.userName)}`.trim()}${grantsAll(r) ? ' with full permissions' : ''}`,
  severityOf: (r) => (grantsAll(r) ? 'high' : 'medium'),
  context: (r) => ({
    federatedUser: federatedName(r) ?? null,
    federatedUserArn: text(r.responseElements, 'federatedUser.arn') ?? null,
    policyAllowsAll: grantsAll(r),
    durationSeconds: text(r.requestParameters, 'durationSeconds') ?? null,
  }),
  cases: [
    {
      name: 'flags a federation token with an allow-all policy (Stratus detonation shape)',
      expect: true,
      record: event('sts', 'GetFederationToken', {
        as: identity.user('stratus-red-team-user-federation-user'),
        request: {
          name: 'stratus_red_team',
          policy:
            '{\n\t\t"Version": "2012-10-17",\n\t\t"Statement": [\n\t\t\t{\n\t\t\t\t"Effect": "Allow",\n\t\t\t\t"Action": "*",\n\t\t\t\t"Resource": "*"\n\t\t\t}\n\t\t]\n\t}',
        },
        response: {
          credentials: { accessKeyId: 'ASIASTJKC5GCM7ZE6LUP', expiration: 'Nov 30, 2024, 8:43:17 PM' },
          federatedUser: {
            arn: 'arn:aws:sts::111122223333:federated-user/stratus_red_team',
            federatedUserId: '111122223333:stratus_red_team',
          },
          packedPolicySize: 4,
        },
      }),
    },
    {
      name: 'flags a federation token without a policy',
      expect: true,
      record: event('sts', 'GetFederationToken', { request: { name: 'bob' } }),
    },
    {
      name: 'ignores GetSessionToken',
      expect: false,
      record: event('sts', 'GetSessionToken', { request: { durationSeconds: 3600 } }),
    },
    {
      name: 'ignores a denied request (TrailDiscover shape)',
      expect: false,
      record: event('sts', 'GetFederationToken', { error: 'AccessDenied' }),
    },
  ],
};
