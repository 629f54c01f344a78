import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { actionOf } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { shortAction } from '../../describe.js';
import { hourlyKey, isReadOnly } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Console sign-in events are not API calls: aws.iam.root-console-login and root-password-changed cover them. */
const signIn = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'signin.amazonaws.com' || r.eventType === 'AwsConsoleSignIn';

/**
 * Calls AWS makes for root rather than root's own: a service acting through root's session
 * (`invokedBy`), and the service-linked roles the console creates when root opens a service for the
 * first time (the console call that caused it is root's own and is reported).
 */
const onRootsBehalf = (r: CloudTrailRecord): boolean =>
  (typeof r.userIdentity?.invokedBy === 'string' && r.userIdentity.invokedBy !== '') ||
  (r.eventSource === 'iam.amazonaws.com' && r.eventName === 'CreateServiceLinkedRole');

/** The root user changed something through the API or console. */
export const rootApiCall: RecordRule = {
  id: 'aws.iam.root-api-call',
  title: 'Root user made a change',
  description:
    'A successful non-read-only call by the root user (readOnly=false, or a write verb when readOnly is missing), excluding console sign-in events, service-linked roles created for root (CreateServiceLinkedRole: the console does this when root first opens a service) and calls a service makes through the root session (invokedBy). A root call that another rule also catches (creating a root access key, disabling MFA Delete) is reported by both: this finding says root was used, the other says what it did. Repeats of one action within an hour become one finding. Includes centralized root access sessions (sts:AssumeRoot).',
  severity: 'high',
  mitre: MITRE.cloudAccounts,
  runbook:
    'Confirm the root use was a planned break-glass action; if not, rotate the root password and MFA and review every root call.',
  prefilter: [{ identityTypes: ['Root'] }],
  match: (r) =>
    r.userIdentity?.type === 'Root' &&
    r.eventType !== 'AwsServiceEvent' &&
    !signIn(r) &&
    !isReadOnly(r) &&
    !onRootsBehalf(r),
  titleOf: (r) => `Root user called ${shortAction(actionOf(r))}`,
  dedupe: (r) => hourlyKey(r, r.recipientAccountId ?? '', actionOf(r)),
  context: (r) => ({ assumedRoot: r.userIdentity?.sessionContext?.assumedRoot === 'true' }),
  cases: [
    {
      name: 'flags root creating a user',
      expect: true,
      record: event('iam', 'CreateUser', { as: identity.root(), request: { userName: 'backdoor' } }),
    },
    {
      name: 'flags a write without a readOnly field',
      expect: true,
      record: event('ec2', 'RunInstances', { as: identity.root(), extra: { readOnly: undefined } }),
    },
    { name: 'ignores root reading', expect: false, record: event('iam', 'ListUsers', { as: identity.root() }) },
    {
      name: 'ignores root console sign-in (its own rule)',
      expect: false,
      record: event('signin', 'ConsoleLogin', { as: identity.root(), eventType: 'AwsConsoleSignIn' }),
    },
    {
      name: 'ignores a failed root call',
      expect: false,
      record: event('iam', 'CreateUser', { as: identity.root(), error: 'EntityAlreadyExists' }),
    },
    {
      name: 'ignores a service-linked role created while root uses the console',
      expect: false,
      record: event('iam', 'CreateServiceLinkedRole', {
        as: identity.root(),
        request: { aWSServiceName: 'autoscaling.amazonaws.com' },
        userAgent: 'AWS Internal',
      }),
    },
    {
      name: "ignores a call a service makes through root's session",
      expect: false,
      record: event('ec2', 'CreateNetworkInterface', {
        as: { ...identity.root(), invokedBy: 'elasticloadbalancing.amazonaws.com' },
        ip: 'elasticloadbalancing.amazonaws.com',
      }),
    },
    {
      name: 'ignores writes by an IAM user',
      expect: false,
      record: event('iam', 'CreateUser', { as: identity.user('alice') }),
    },
  ],
};
