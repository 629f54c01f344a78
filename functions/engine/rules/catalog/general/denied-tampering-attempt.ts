import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import type { Severity } from '../../../findings/index.js';
import { event, identity } from '../../case-builder.js';
import { deniedByPermission, flag } from '../../fields.js';
import { EXPOSURE_ATTEMPTS } from '../../exposure-attempts.js';
import { deniedResource, named, req } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';
import { pushTo } from '../../../collections.js';

interface Attempt {
  /** What the caller tried to do, as the end of "Denied attempt to ...". */
  words: string;
  severity: Severity;
  /** For calls that only tamper with some parameters (UpdateDetector enable=false). */
  when?: (r: CloudTrailRecord) => boolean;
}

/** The tampering and destruction calls whose successful form has its own rule. */
const ATTEMPTS: Record<string, Attempt> = {
  'cloudtrail.amazonaws.com:StopLogging': { words: 'stop CloudTrail logging', severity: 'high' },
  'cloudtrail.amazonaws.com:DeleteTrail': { words: 'delete a CloudTrail trail', severity: 'high' },
  'cloudtrail.amazonaws.com:PutEventSelectors': { words: 'change CloudTrail event selectors', severity: 'medium' },
  'cloudtrail.amazonaws.com:PutAdvancedEventSelectors': {
    words: 'change CloudTrail event selectors',
    severity: 'medium',
  },
  'config.amazonaws.com:StopConfigurationRecorder': { words: 'stop the AWS Config recorder', severity: 'medium' },
  'config.amazonaws.com:DeleteConfigurationRecorder': { words: 'delete the AWS Config recorder', severity: 'medium' },
  'config.amazonaws.com:DeleteDeliveryChannel': { words: 'delete the AWS Config delivery channel', severity: 'medium' },
  'guardduty.amazonaws.com:DeleteDetector': { words: 'delete the GuardDuty detector', severity: 'high' },
  'guardduty.amazonaws.com:UpdateDetector': {
    words: 'disable the GuardDuty detector',
    severity: 'high',
    when: (r) => flag(req(r, 'enable')) === false,
  },
  'securityhub.amazonaws.com:DisableSecurityHub': { words: 'disable Security Hub', severity: 'high' },
  'ec2.amazonaws.com:DeleteFlowLogs': { words: 'delete VPC flow logs', severity: 'medium' },
  'ec2.amazonaws.com:DisableEbsEncryptionByDefault': { words: 'disable EBS encryption by default', severity: 'medium' },
  'route53resolver.amazonaws.com:DeleteResolverQueryLogConfig': {
    words: 'delete Route 53 Resolver query logging',
    severity: 'medium',
  },
  'route53resolver.amazonaws.com:DisassociateResolverQueryLogConfig': {
    words: 'detach Route 53 Resolver query logging',
    severity: 'medium',
  },
  'logs.amazonaws.com:DeleteLogGroup': { words: 'delete a CloudWatch log group', severity: 'low' },
  'logs.amazonaws.com:DeleteLogStream': { words: 'delete a CloudWatch log stream', severity: 'low' },
  's3.amazonaws.com:DeleteBucketEncryption': { words: "delete a bucket's default encryption", severity: 'low' },
  'kms.amazonaws.com:DisableKey': { words: 'disable a KMS key', severity: 'medium' },
  'kms.amazonaws.com:ScheduleKeyDeletion': { words: 'schedule a KMS key for deletion', severity: 'high' },
  'rds.amazonaws.com:DeleteDBInstanceAutomatedBackup': { words: 'delete RDS automated backups', severity: 'medium' },
  'rds.amazonaws.com:DeleteDBClusterAutomatedBackup': { words: 'delete RDS automated backups', severity: 'medium' },
  'organizations.amazonaws.com:LeaveOrganization': { words: 'leave the organization', severity: 'high' },
  'cloudtrail.amazonaws.com:UpdateTrail': { words: 'change a CloudTrail trail', severity: 'medium' },
  'guardduty.amazonaws.com:CreateIPSet': { words: 'add a GuardDuty trusted IP list', severity: 'medium' },
  'guardduty.amazonaws.com:UpdateIPSet': { words: 'change a GuardDuty trusted IP list', severity: 'medium' },
  'guardduty.amazonaws.com:DisassociateFromAdministratorAccount': {
    words: 'detach GuardDuty from its administrator',
    severity: 'high',
  },
  'guardduty.amazonaws.com:DisassociateFromMasterAccount': {
    words: 'detach GuardDuty from its administrator',
    severity: 'high',
  },
  'bedrock.amazonaws.com:DeleteModelInvocationLoggingConfiguration': {
    words: 'delete Bedrock model invocation logging',
    severity: 'medium',
  },
  'bedrock.amazonaws.com:DeleteGuardrail': { words: 'delete a Bedrock guardrail', severity: 'medium' },
};

const ALL_ATTEMPTS: Record<string, Attempt> = { ...EXPOSURE_ATTEMPTS, ...ATTEMPTS };

const attemptOf = (r: CloudTrailRecord): Attempt | undefined => {
  const a = ALL_ATTEMPTS[`${r.eventSource}:${r.eventName}`];
  return a !== undefined && (a.when === undefined || a.when(r)) ? a : undefined;
};

const bySource = new Map<string, string[]>();
for (const key of Object.keys(ALL_ATTEMPTS)) {
  const [source, name] = key.split(':') as [string, string];
  pushTo(bySource, source, name);
}

/** Logging tampering and destruction that AWS refused: the intent shows even when permissions held. */
export const deniedTamperingAttempt: RecordRule = {
  id: 'aws.general.denied-tampering-attempt',
  title: 'Denied attempt to tamper with logging or destroy data',
  description:
    "A call AWS refused for lack of permission (AccessDenied, UnauthorizedOperation, a DryRun probe) whose successful form has its own rule: stopping or deleting a trail, changing event selectors, stopping Config, deleting, disabling, silencing or detaching GuardDuty, disabling Security Hub, changing a trail, deleting Bedrock invocation logging or guardrails, deleting flow logs, DNS query logging, log groups or streams, disabling or deleting KMS keys, deleting RDS backups, leaving the organization; and exposures: sharing a snapshot or AMI, making an RDS instance public, opening a bucket policy, bucket ACL, Lambda function or resource policy (SNS, SQS, KMS, Secrets Manager, ECR, Glacier, EFS, OpenSearch, Lambda layer) to others, suspending bucket versioning (each recognised by the request test of the rule that reports its success). The change did not happen (the matching rule stays silent), but someone holding these credentials tried; Stratus Red Team's organizations-leave technique is such an attempt. Failures for other reasons (not found, invalid) are ignored.",
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook:
    "Ask the principal's owner what they tried to do; if nobody did, treat the credentials as compromised and review everything else they called.",
  prefilter: [...bySource.entries()].map(([source, names]) => ({ eventSources: [source], eventNames: names })),
  outcome: 'any',
  match: (r) => deniedByPermission(r) && attemptOf(r) !== undefined,
  titleOf: (r) =>
    `Denied attempt to ${attemptOf(r)?.words ?? 'tamper with logging'}${named(deniedResource(r) ? `(${deniedResource(r)})` : undefined)}`,
  severityOf: (r) => attemptOf(r)?.severity ?? 'medium',
  context: (r) => ({ errorCode: r.errorCode ?? null, target: deniedResource(r) ?? null }),
  cases: [
    {
      name: 'flags a denied StopLogging (TrailDiscover shape)',
      expect: true,
      record: event('cloudtrail', 'StopLogging', {
        error: 'AccessDenied',
        errorMessage:
          'User: arn:aws:iam::111111111111:user/TrailDiscover is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:192374575148:trail/TrailDiscover because no identity-based policy allows the cloudtrail:StopLogging action',
      }),
    },
    {
      name: 'flags a denied LeaveOrganization (Stratus detonation shape)',
      expect: true,
      record: event('organizations', 'LeaveOrganization', {
        as: identity.role('stratus-red-team-leave-org-role', 'aws-go-sdk-1722587398902687000'),
        error: 'AccessDenied',
      }),
    },
    {
      name: 'flags an UnauthorizedOperation on DeleteFlowLogs',
      expect: true,
      record: event('ec2', 'DeleteFlowLogs', { error: 'Client.UnauthorizedOperation' }),
    },
    {
      name: 'flags a denied UpdateDetector that would disable GuardDuty',
      expect: true,
      record: event('guardduty', 'UpdateDetector', {
        error: 'AccessDeniedException',
        request: { detectorId: 'd', enable: false },
      }),
    },
    {
      name: 'flags a denied attempt to make an EBS snapshot public',
      expect: true,
      record: event('ec2', 'ModifySnapshotAttribute', {
        error: 'Client.UnauthorizedOperation',
        request: { snapshotId: 'snap-1', createVolumePermission: { add: { items: [{ group: 'all' }] } } },
      }),
    },
    {
      name: 'flags a denied attempt to open an SQS queue to everyone',
      expect: true,
      record: event('sqs', 'SetQueueAttributes', {
        error: 'AccessDenied',
        request: {
          attributes: { Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*' }] }) },
        },
      }),
    },
    {
      name: 'ignores a denied snapshot attribute change that shares nothing',
      expect: false,
      record: event('ec2', 'ModifySnapshotAttribute', {
        error: 'Client.UnauthorizedOperation',
        request: { snapshotId: 'snap-1', createVolumePermission: { remove: { items: [{ group: 'all' }] } } },
      }),
    },
    {
      name: 'ignores a successful StopLogging (its own rule)',
      expect: false,
      record: event('cloudtrail', 'StopLogging', { request: { name: 'org-trail' } }),
    },
    {
      name: 'ignores a failure that is not a denial',
      expect: false,
      record: event('logs', 'DeleteLogGroup', { error: 'ResourceNotFoundException', request: { logGroupName: 'g' } }),
    },
    {
      name: 'ignores a denied UpdateDetector that keeps it enabled (TrailDiscover shape)',
      expect: false,
      record: event('guardduty', 'UpdateDetector', {
        error: 'AccessDenied',
        request: { detectorId: 'd', enable: true },
      }),
    },
    {
      name: 'ignores denied reads',
      expect: false,
      record: event('cloudtrail', 'LookupEvents', { error: 'AccessDenied' }),
    },
  ],
};
