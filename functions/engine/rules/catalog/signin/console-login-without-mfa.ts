import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { identity, signin } from '../../case-builder.js';
import { str, text } from '../../fields.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const userName = (r: CloudTrailRecord): string =>
  text(r.userIdentity, 'userName') ?? str(r.userIdentity?.arn).split('/').pop() ?? '(unknown)';

/** An IAM user signed in to the console with a password alone. */
export const consoleLoginWithoutMfa: RecordRule = {
  id: 'aws.signin.console-login-without-mfa',
  title: 'Console login without MFA',
  description:
    'A successful ConsoleLogin by an IAM user with additionalEventData.MFAUsed = "No". Only IAM users: logins through IAM Identity Center, SAML or an assumed role carry their MFA outside AWS and are not judged; the root user has aws.iam.root-console-login. A stolen password is enough for this login.',
  severity: 'medium',
  mitre: MITRE.cloudAccounts,
  runbook:
    'Ask the user whether they signed in from this address; require MFA for the user (IAM policy condition aws:MultiFactorAuthPresent) either way.',
  prefilter: [{ eventSources: ['signin.amazonaws.com'], eventNames: ['ConsoleLogin'], identityTypes: ['IAMUser'] }],
  match: (r) =>
    r.eventSource === 'signin.amazonaws.com' &&
    r.eventName === 'ConsoleLogin' &&
    r.userIdentity?.type === 'IAMUser' &&
    text(r.additionalEventData, 'MFAUsed')?.toLowerCase() === 'no' &&
    text(r.additionalEventData, 'SamlProviderArn') === undefined,
  titleOf: (r) => `IAM user ${userName(r)} signed in to the console without MFA`,
  context: (r) => ({ user: userName(r), loginTo: text(r.additionalEventData, 'LoginTo') ?? null }),
  cases: [
    {
      name: 'flags a password-only login (Stratus detonation shape)',
      expect: true,
      record: signin('ConsoleLogin', { as: identity.user('console-user'), mfa: 'No' }),
    },
    {
      name: 'ignores a login with MFA',
      expect: false,
      record: signin('ConsoleLogin', { as: identity.user('alice'), mfa: 'Yes' }),
    },
    {
      name: 'ignores an assumed-role (SSO) login',
      expect: false,
      record: signin('ConsoleLogin', {
        as: identity.role('AWSReservedSSO_Admin_0123456789abcdef', 'alice@example.com'),
        mfa: 'No',
      }),
    },
    {
      name: 'ignores a failed login',
      expect: false,
      record: signin('ConsoleLogin', { as: identity.user('alice'), mfa: 'No', outcome: 'Failure' }),
    },
    {
      name: 'ignores a root login (its own rule)',
      expect: false,
      record: signin('ConsoleLogin', { as: identity.root(), mfa: 'No' }),
    },
  ],
};
