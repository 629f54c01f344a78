/** The rule catalog: every rule, one per file under `catalog/<service>/<name>.ts`, in reading order. */
import type { Rule } from '../types.js';
import { managementEventsExcluded } from './cloudtrail/management-events-excluded.js';
import { trailDeleted } from './cloudtrail/trail-deleted.js';
import { trailStopped } from './cloudtrail/trail-stopped.js';
import { trailCoverageReduced } from './cloudtrail/trail-coverage-reduced.js';
import { deliveryChannelDeleted } from './config/delivery-channel-deleted.js';
import { recorderStopped } from './config/recorder-stopped.js';
import { detectorDeleted } from './guardduty/detector-deleted.js';
import { detectorDisabled } from './guardduty/detector-disabled.js';
import { findingsSilenced } from './guardduty/findings-silenced.js';
import { memberDisassociated } from './guardduty/member-disassociated.js';
import { securityHubDisabled } from './securityhub/disabled.js';
import { findingsSuppressed } from './securityhub/findings-suppressed.js';
import { amiShared } from './ec2/ami-shared.js';
import { ebsDefaultEncryptionDisabled } from './ec2/ebs-default-encryption-disabled.js';
import { flowLogsDeleted } from './ec2/flow-logs-deleted.js';
import { networkAclOpenedToWorld } from './ec2/network-acl-opened-to-world.js';
import { securityGroupOpenedToWorld } from './ec2/security-group-opened-to-world.js';
import { snapshotShared } from './ec2/snapshot-shared.js';
import { functionMadePublic } from './lambda/function-made-public.js';
import { queryLoggingDeleted } from './route53resolver/query-logging-deleted.js';
import { invocationLoggingDeleted } from './bedrock/invocation-logging-deleted.js';
import { guardrailDeleted } from './bedrock/guardrail-deleted.js';
import { modelsProbedAcrossRegions } from './bedrock/models-probed-across-regions.js';
import { modelAccessRequested } from './bedrock/model-access-requested.js';
import { sendingCapacityProbed } from './ses/sending-capacity-probed.js';
import { shortLifecycleExpiration } from './s3/short-lifecycle-expiration.js';
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
import { userCreated } from './iam/user-created.js';
import { trustAnchorCreated } from './rolesanywhere/trust-anchor-created.js';
import { federationTokenRequested } from './sts/federation-token-requested.js';
import { layerAttached } from './lambda/layer-attached.js';
import { userDataModified } from './ec2/user-data-modified.js';
import { lifecycleConfigAttached } from './sagemaker/lifecycle-config-attached.js';
import { consoleLoginWithoutMfa } from './signin/console-login-without-mfa.js';
import { repeatedFailedConsoleLogins } from './signin/repeated-failed-console-logins.js';
import { instanceCredentialsUsedOffInstance } from './sts/instance-credentials-used-off-instance.js';
import { secretsRetrievedInBulk } from './secretsmanager/secrets-retrieved-in-bulk.js';
import { parametersDecryptedInBulk } from './ssm/parameters-decrypted-in-bulk.js';
import { passwordDataRetrievedInBulk } from './ec2/password-data-retrieved-in-bulk.js';
import { userDataReadInBulk } from './ec2/user-data-read-in-bulk.js';
import { remoteAccessToManyInstances } from './ec2/remote-access-to-many-instances.js';
import { serialConsoleAccess } from './ec2/serial-console-access.js';
import { gpuInstancesLaunched } from './ec2/gpu-instances-launched.js';
import { deniedTamperingAttempt } from './general/denied-tampering-attempt.js';
import { resourcePolicyPublic } from './general/resource-policy-public.js';
import { offensiveToolUserAgent } from './general/offensive-tool-user-agent.js';
import { leaveOrganization } from './organizations/leave-organization.js';
import { regionEnabled } from './account/region-enabled.js';

/** Every rule of the catalog, grouped by area (logging tampering, exposure, destruction, IAM and persistence, root, console, credentials and execution, organization). */
export const CATALOG: readonly Rule[] = [
  managementEventsExcluded,
  trailDeleted,
  trailStopped,
  trailCoverageReduced,
  deliveryChannelDeleted,
  recorderStopped,
  detectorDeleted,
  detectorDisabled,
  findingsSilenced,
  memberDisassociated,
  securityHubDisabled,
  findingsSuppressed,
  amiShared,
  ebsDefaultEncryptionDisabled,
  flowLogsDeleted,
  networkAclOpenedToWorld,
  securityGroupOpenedToWorld,
  snapshotShared,
  functionMadePublic,
  queryLoggingDeleted,
  invocationLoggingDeleted,
  guardrailDeleted,
  shortLifecycleExpiration,
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
  resourcePolicyPublic,
  userCreated,
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
  trustAnchorCreated,
  federationTokenRequested,
  layerAttached,
  userDataModified,
  lifecycleConfigAttached,
  consoleLoginWithoutMfa,
  repeatedFailedConsoleLogins,
  instanceCredentialsUsedOffInstance,
  secretsRetrievedInBulk,
  parametersDecryptedInBulk,
  passwordDataRetrievedInBulk,
  userDataReadInBulk,
  remoteAccessToManyInstances,
  serialConsoleAccess,
  gpuInstancesLaunched,
  modelsProbedAcrossRegions,
  modelAccessRequested,
  sendingCapacityProbed,
  deniedTamperingAttempt,
  offensiveToolUserAgent,
  leaveOrganization,
  regionEnabled,
];
