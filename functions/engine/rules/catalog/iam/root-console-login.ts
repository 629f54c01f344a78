import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { identity, signin } from '../../case-builder.js';
import { text } from '../../fields.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const mfaUsed = (r: CloudTrailRecord): boolean => text(r.additionalEventData, 'MFAUsed')?.toLowerCase() === 'yes';

/** Someone signed in to the console as the root user. */
export const rootConsoleLogin: RecordRule = {
  id: 'aws.iam.root-console-login',
  title: 'Root user signed in to the console',
  description:
    'A successful ConsoleLogin by the root user. Critical without MFA (additionalEventData.MFAUsed is not "Yes"). Failed root logins are counted by aws.signin.repeated-failed-console-logins.',
  severity: 'high',
  mitre: MITRE.cloudAccounts,
  runbook:
    'Confirm with the account owner that they signed in (break-glass procedure), then review every call the root user made in this session.',
  prefilter: [{ eventSources: ['signin.amazonaws.com'], eventNames: ['ConsoleLogin'], identityTypes: ['Root'] }],
  match: (r) =>
    r.eventSource === 'signin.amazonaws.com' && r.eventName === 'ConsoleLogin' && r.userIdentity?.type === 'Root',
  titleOf: (r) => `Root user signed in to the console${mfaUsed(r) ? '' : ' without MFA'}`,
  severityOf: (r) => (mfaUsed(r) ? 'high' : 'critical'),
  context: (r) => ({ mfaUsed: mfaUsed(r) }),
  cases: [
    {
      name: 'flags a root login with MFA',
      expect: true,
      record: signin('ConsoleLogin', { as: identity.root(), mfa: 'Yes' }),
    },
    {
      name: 'flags a root login without MFA',
      expect: true,
      record: signin('ConsoleLogin', { as: identity.root(), mfa: 'No' }),
    },
    {
      name: 'ignores a failed root login',
      expect: false,
      record: signin('ConsoleLogin', { as: identity.root(), outcome: 'Failure' }),
    },
    {
      name: 'ignores an IAM user login',
      expect: false,
      record: signin('ConsoleLogin', { as: identity.user('alice') }),
    },
  ],
};
