import { event, identity, signin } from '../../case-builder.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const NAMES = ['PasswordUpdated', 'PasswordRecoveryCompleted', 'ChangePassword'];

/** The root user's password was changed or reset. */
export const rootPasswordChanged: RecordRule = {
  id: 'aws.iam.root-password-changed',
  title: 'Root user password changed',
  description:
    'A successful root password change (signin PasswordUpdated, a completed password recovery, or iam ChangePassword by root). An attacker holding the root mailbox resets the password this way; AWS support is the only way back.',
  severity: 'high',
  mitre: MITRE.accountManipulation,
  runbook:
    'Confirm with the account owner; if unplanned, recover the root user through the account email at once and contact AWS support.',
  prefilter: [{ eventNames: NAMES, identityTypes: ['Root'] }],
  match: (r) =>
    r.userIdentity?.type === 'Root' &&
    ((r.eventSource === 'signin.amazonaws.com' &&
      ['PasswordUpdated', 'PasswordRecoveryCompleted'].includes(r.eventName ?? '')) ||
      (r.eventSource === 'iam.amazonaws.com' && r.eventName === 'ChangePassword')),
  titleOf: (r) =>
    r.eventName === 'PasswordRecoveryCompleted'
      ? 'Root user password reset through recovery'
      : 'Root user password changed',
  cases: [
    { name: 'flags PasswordUpdated by root', expect: true, record: signin('PasswordUpdated', { as: identity.root() }) },
    {
      name: 'flags ChangePassword by root',
      expect: true,
      record: event('iam', 'ChangePassword', { as: identity.root() }),
    },
    {
      name: 'ignores a failed update',
      expect: false,
      record: signin('PasswordUpdated', { as: identity.root(), outcome: 'Failure' }),
    },
    {
      name: 'ignores an IAM user changing their password',
      expect: false,
      record: event('iam', 'ChangePassword', { as: identity.user('alice') }),
    },
  ],
};
