/** The rule catalog: every rule, one per file under `catalog/<service>/<name>.ts`, in reading order. */
import type { Rule } from '../types.js';
import { managementEventsExcluded } from './cloudtrail/management-events-excluded.js';
import { trailDeleted } from './cloudtrail/trail-deleted.js';
import { trailStopped } from './cloudtrail/trail-stopped.js';
import { deliveryChannelDeleted } from './config/delivery-channel-deleted.js';
import { recorderStopped } from './config/recorder-stopped.js';
import { detectorDeleted } from './guardduty/detector-deleted.js';
import { detectorDisabled } from './guardduty/detector-disabled.js';
import { securityHubDisabled } from './securityhub/disabled.js';
import { findingsSuppressed } from './securityhub/findings-suppressed.js';
import { amiShared } from './ec2/ami-shared.js';
import { ebsDefaultEncryptionDisabled } from './ec2/ebs-default-encryption-disabled.js';
import { flowLogsDeleted } from './ec2/flow-logs-deleted.js';
import { networkAclOpenedToWorld } from './ec2/network-acl-opened-to-world.js';
import { securityGroupOpenedToWorld } from './ec2/security-group-opened-to-world.js';
import { snapshotShared } from './ec2/snapshot-shared.js';
import { queryLoggingDeleted } from './route53resolver/query-logging-deleted.js';
import { logGroupDeleted } from './logs/log-group-deleted.js';
import { logStreamDeleted } from './logs/log-stream-deleted.js';
import { accessLoggingDisabled } from './s3/access-logging-disabled.js';
import { bucketAclPublic } from './s3/bucket-acl-public.js';
import { bucketEncryptionDeleted } from './s3/bucket-encryption-deleted.js';
import { bucketPolicyPublic } from './s3/bucket-policy-public.js';
import { mfaDeleteDisabled } from './s3/mfa-delete-disabled.js';
import { publicAccessBlockDeleted } from './s3/public-access-block-deleted.js';
import { versioningSuspended } from './s3/versioning-suspended.js';
import { keyDeletionScheduled } from './kms/key-deletion-scheduled.js';
import { keyDisabled } from './kms/key-disabled.js';
import { automatedBackupsDeleted } from './rds/automated-backups-deleted.js';
import { instanceMadePublic } from './rds/instance-made-public.js';
import { rdsSnapshotShared } from './rds/snapshot-shared.js';
import { accessKeyCreatedForOtherUser } from './iam/access-key-created-for-other-user.js';
import { adminPolicyAttached } from './iam/admin-policy-attached.js';
import { inlinePolicyAllowsAll } from './iam/inline-policy-allows-all.js';
import { loginProfileForOtherUser } from './iam/login-profile-for-other-user.js';
import { policyVersionSetDefault } from './iam/policy-version-set-default.js';
import { rootAccessKeyCreated } from './iam/root-access-key-created.js';
import { rootApiCall } from './iam/root-api-call.js';
import { rootConsoleLogin } from './iam/root-console-login.js';
import { rootPasswordChanged } from './iam/root-password-changed.js';
import { trustPolicyOpened } from './iam/trust-policy-opened.js';
import { consoleLoginWithoutMfa } from './signin/console-login-without-mfa.js';
import { repeatedFailedConsoleLogins } from './signin/repeated-failed-console-logins.js';
import { instanceCredentialsUsedOffInstance } from './sts/instance-credentials-used-off-instance.js';
import { deniedTamperingAttempt } from './general/denied-tampering-attempt.js';
import { offensiveToolUserAgent } from './general/offensive-tool-user-agent.js';
import { leaveOrganization } from './organizations/leave-organization.js';
import { regionEnabled } from './account/region-enabled.js';

/** Every rule of the catalog, grouped by area (logging tampering, root, console, IAM, exposure, destruction, credentials, organization). */
export const CATALOG: readonly Rule[] = [
  managementEventsExcluded,
  trailDeleted,
  trailStopped,
  deliveryChannelDeleted,
  recorderStopped,
  detectorDeleted,
  detectorDisabled,
  securityHubDisabled,
  findingsSuppressed,
  amiShared,
  ebsDefaultEncryptionDisabled,
  flowLogsDeleted,
  networkAclOpenedToWorld,
  securityGroupOpenedToWorld,
  snapshotShared,
  queryLoggingDeleted,
  logGroupDeleted,
  logStreamDeleted,
  accessLoggingDisabled,
  bucketAclPublic,
  bucketEncryptionDeleted,
  bucketPolicyPublic,
  mfaDeleteDisabled,
  publicAccessBlockDeleted,
  versioningSuspended,
  keyDeletionScheduled,
  keyDisabled,
  automatedBackupsDeleted,
  instanceMadePublic,
  rdsSnapshotShared,
  accessKeyCreatedForOtherUser,
  adminPolicyAttached,
  inlinePolicyAllowsAll,
  loginProfileForOtherUser,
  policyVersionSetDefault,
  rootAccessKeyCreated,
  rootApiCall,
  rootConsoleLogin,
  rootPasswordChanged,
  trustPolicyOpened,
  consoleLoginWithoutMfa,
  repeatedFailedConsoleLogins,
  instanceCredentialsUsedOffInstance,
  deniedTamperingAttempt,
  offensiveToolUserAgent,
  leaveOrganization,
  regionEnabled,
];
