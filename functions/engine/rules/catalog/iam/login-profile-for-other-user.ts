import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { creatorOf } from '../../creator.js';
import { callerUserName, flag } from '../../fields.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const target = (r: CloudTrailRecord): string | undefined => reqText(r, 'userName', 'loginProfile.userName');

/** A console password set for a user other than the caller. */
export const loginProfileForOtherUser: RecordRule = {
  id: 'aws.iam.login-profile-for-other-user',
  title: 'Console password set for another user',
  description:
    "CreateLoginProfile or UpdateLoginProfile naming a user other than the caller (names compare case-insensitively, as IAM does; a request without userName sets the caller's own password; iam:ChangePassword is always the caller's own and is not read): console access for a programmatic user, or a password takeover. High unless passwordResetRequired=true (the usual onboarding flow, medium); critical when root made it, low when an AWS service did.",
  severity: 'high',
  mitre: MITRE.additionalCredentials,
  runbook:
    "Ask the user's owner; if unexpected, delete the login profile and check console sign-ins (ConsoleLogin) for that user since.",
  prefilter: [clause('iam', 'CreateLoginProfile', 'UpdateLoginProfile')],
  match: (r) => {
    if (!isEvent(r, 'iam', 'CreateLoginProfile', 'UpdateLoginProfile')) return false;
    // IAM user names are unique case-insensitively; a request without userName acts on the caller itself.
    const t = target(r)?.toLowerCase();
    return t !== undefined && t !== callerUserName(r)?.toLowerCase();
  },
  titleOf: (r) =>
    `Console password ${r.eventName === 'CreateLoginProfile' ? 'created' : 'changed'} for IAM user ${target(r) ?? '(unknown)'}`,
  severityOf: (r) => {
    const by = creatorOf(r).severity;
    if (by === 'critical' || by === 'low') return by;
    return flag(req(r, 'passwordResetRequired')) === true ? 'medium' : 'high';
  },
  context: (r) => ({
    createdBy: creatorOf(r).createdBy,
    targetUser: target(r) ?? null,
    passwordResetRequired: flag(req(r, 'passwordResetRequired')) ?? null,
  }),
  cases: [
    {
      name: 'flags a login profile created for another user (Stratus shape)',
      expect: true,
      record: event('iam', 'CreateLoginProfile', { request: { passwordResetRequired: false, userName: 'svc-user' } }),
    },
    {
      name: 'flags a role changing a user password',
      expect: true,
      record: event('iam', 'UpdateLoginProfile', {
        as: identity.role('helpdesk'),
        request: { userName: 'bob', passwordResetRequired: false },
      }),
    },
    {
      name: 'ignores a user updating their own profile',
      expect: false,
      record: event('iam', 'UpdateLoginProfile', { as: identity.user('alice'), request: { userName: 'alice' } }),
    },
    {
      name: 'ignores a user updating their own profile with different name case',
      expect: false,
      record: event('iam', 'UpdateLoginProfile', { as: identity.user('Alice'), request: { userName: 'alice' } }),
    },
    {
      name: 'ignores a login profile request without userName (the caller itself)',
      expect: false,
      record: event('iam', 'UpdateLoginProfile', {
        as: identity.user('alice'),
        request: { passwordResetRequired: false },
      }),
    },
    {
      name: 'ignores a user changing their own password (ChangePassword)',
      expect: false,
      record: event('iam', 'ChangePassword', { as: identity.user('alice'), request: null }),
    },
    {
      name: 'ignores a denied attempt on another user',
      expect: false,
      record: event('iam', 'UpdateLoginProfile', { error: 'AccessDenied', request: { userName: 'bob' } }),
    },
    {
      name: 'ignores DeleteLoginProfile',
      expect: false,
      record: event('iam', 'DeleteLoginProfile', { request: { userName: 'bob' } }),
    },
  ],
};
