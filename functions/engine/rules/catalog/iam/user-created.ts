import { event, identity } from '../../case-builder.js';
import { creatorOf } from '../../creator.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** A new IAM user: a new principal with its own credentials to come. */
export const userCreated: RecordRule = {
  id: 'aws.iam.user-created',
  title: 'IAM user created',
  description:
    'A successful CreateUser. Organizations that sign people in through Identity Center rarely create IAM users, and an intruder creates one to keep a way in after the stolen credentials are revoked (then an access key or a console password for it). Severity by who made it: critical for root, high for an IAM user (a long-lived key) or another account, medium for a role or a federated human, low for an AWS service deploying a stack; automation (Terraform, CI) is lowered one step.',
  severity: 'medium',
  mitre: MITRE.cloudAccounts,
  runbook:
    'Ask the creator why the user exists; if unexpected, delete its access keys and login profile, then the user, and hunt the creator (ct-anomaly hunt --principal).',
  prefilter: [clause('iam', 'CreateUser')],
  match: (r) => isEvent(r, 'iam', 'CreateUser') && reqText(r, 'userName') !== undefined,
  titleOf: (r) => `IAM user ${reqText(r, 'userName') ?? '(unknown)'} created by ${creatorOf(r).createdBy}`,
  severityOf: (r) => creatorOf(r).severity,
  context: (r) => {
    const creator = creatorOf(r);
    return {
      userName: reqText(r, 'userName') ?? null,
      userArn: reqText(r, 'user.arn') ?? null,
      createdBy: creator.createdBy,
      why: creator.why,
    };
  },
  cases: [
    {
      name: 'flags an IAM user created with a long-lived key (high)',
      expect: true,
      record: event('iam', 'CreateUser', {
        request: { userName: 'backup-svc' },
        response: { user: { userName: 'backup-svc', arn: 'arn:aws:iam::111122223333:user/backup-svc' } },
      }),
    },
    {
      name: 'flags a role creating a user',
      expect: true,
      record: event('iam', 'CreateUser', { as: identity.role('admin'), request: { userName: 'vendor' } }),
    },
    {
      name: 'ignores a denied attempt',
      expect: false,
      record: event('iam', 'CreateUser', { request: { userName: 'x' }, error: 'AccessDenied' }),
    },
    {
      name: 'ignores CreateGroup',
      expect: false,
      record: event('iam', 'CreateGroup', { request: { groupName: 'ops' } }),
    },
  ],
};
