import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag } from '../../fields.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import { allowsAll } from '../../policy.js';
import type { RecordRule } from '../../types.js';

const isNewDefault = (r: CloudTrailRecord): boolean =>
  isEvent(r, 'iam', 'SetDefaultPolicyVersion') ||
  (isEvent(r, 'iam', 'CreatePolicyVersion') && flag(req(r, 'setAsDefault')) === true);

/** A managed policy's default version changed: everyone it is attached to gets the new rights at once. */
export const policyVersionSetDefault: RecordRule = {
  id: 'aws.iam.policy-version-set-default',
  title: 'Managed policy default version changed',
  description:
    'SetDefaultPolicyVersion, or CreatePolicyVersion with setAsDefault=true: the permissions of every user, group and role the policy is attached to change at once; a known privilege escalation path (iam:CreatePolicyVersion). High when the new version grants every action.',
  severity: 'medium',
  mitre: MITRE.additionalRoles,
  runbook: 'Diff the new default version against the previous one (GetPolicyVersion) and roll back if unexpected.',
  prefilter: [clause('iam', 'SetDefaultPolicyVersion', 'CreatePolicyVersion')],
  match: isNewDefault,
  titleOf: (r) =>
    `Policy ${reqText(r, 'policyArn') ?? '(unknown)'} now defaults to ${reqText(r, 'versionId', 'policyVersion.versionId') ?? 'a new version'}`,
  severityOf: (r) => (allowsAll(req(r, 'policyDocument')) ? 'high' : 'medium'),
  context: (r) => ({
    policyArn: reqText(r, 'policyArn') ?? null,
    versionId: reqText(r, 'versionId', 'policyVersion.versionId') ?? null,
  }),
  cases: [
    {
      name: 'flags SetDefaultPolicyVersion',
      expect: true,
      record: event('iam', 'SetDefaultPolicyVersion', {
        request: { policyArn: 'arn:aws:iam::111122223333:policy/app', versionId: 'v2' },
      }),
    },
    {
      name: 'flags CreatePolicyVersion with setAsDefault',
      expect: true,
      record: event('iam', 'CreatePolicyVersion', {
        request: {
          policyArn: 'arn:aws:iam::111122223333:policy/app',
          setAsDefault: true,
          policyDocument: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
      }),
    },
    {
      name: 'ignores CreatePolicyVersion kept as non-default',
      expect: false,
      record: event('iam', 'CreatePolicyVersion', {
        request: { policyArn: 'arn:aws:iam::111122223333:policy/app', setAsDefault: false },
      }),
    },
    {
      name: 'ignores a denied call (TrailDiscover shape)',
      expect: false,
      record: event('iam', 'SetDefaultPolicyVersion', { error: 'AccessDenied' }),
    },
  ],
};
