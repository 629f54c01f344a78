/**
 * Routine action pools per behaviour, with relative weights (reads dominate, as in real trails).
 * Each principal samples a stable repertoire from its pool; the rest is its legitimate churn.
 * @module
 */

/** `[service:Operation, weight]`. */
export type Pool = ReadonlyArray<readonly [string, number]>;

/** Human administrators: broad reads, occasional writes. */
export const ADMIN_POOL: Pool = [
  ['ec2:DescribeInstances', 30],
  ['ec2:DescribeSecurityGroups', 12],
  ['ec2:DescribeVpcs', 8],
  ['ec2:DescribeSubnets', 8],
  ['ec2:DescribeVolumes', 5],
  ['ec2:DescribeSnapshots', 4],
  ['ec2:DescribeImages', 3],
  ['ec2:DescribeRouteTables', 4],
  ['ec2:DescribeNetworkInterfaces', 3],
  ['ec2:DescribeRegions', 4],
  ['ec2:DescribeAvailabilityZones', 3],
  ['ec2:DescribeInstanceStatus', 6],
  ['ec2:DescribeLaunchTemplates', 2],
  ['ec2:DescribeNetworkAcls', 2],
  ['ec2:DescribeAddresses', 1],
  ['ec2:DescribeKeyPairs', 1],
  ['iam:ListRoles', 8],
  ['iam:GetRole', 8],
  ['iam:ListAttachedRolePolicies', 6],
  ['iam:ListRolePolicies', 4],
  ['iam:ListPolicies', 4],
  ['iam:GetPolicy', 3],
  ['iam:GetPolicyVersion', 3],
  ['iam:ListAccountAliases', 3],
  ['iam:GetAccountSummary', 2],
  ['iam:ListGroups', 1],
  ['s3:ListBuckets', 12],
  ['s3:GetBucketLocation', 8],
  ['s3:GetBucketPolicy', 5],
  ['s3:GetBucketAcl', 4],
  ['s3:GetBucketVersioning', 4],
  ['s3:GetBucketEncryption', 3],
  ['s3:GetBucketLogging', 2],
  ['s3:GetBucketTagging', 3],
  ['s3:GetBucketPublicAccessBlock', 3],
  ['cloudwatch:DescribeAlarms', 6],
  ['cloudwatch:GetMetricData', 10],
  ['cloudwatch:ListMetrics', 3],
  ['logs:DescribeLogGroups', 8],
  ['logs:DescribeLogStreams', 5],
  ['logs:StartQuery', 3],
  ['lambda:ListFunctions20150331', 5],
  ['lambda:GetFunction20150331v2', 4],
  ['rds:DescribeDBInstances', 5],
  ['rds:DescribeDBClusters', 2],
  ['cloudformation:DescribeStacks', 5],
  ['cloudformation:ListStacks', 3],
  ['cloudtrail:LookupEvents', 4],
  ['cloudtrail:DescribeTrails', 2],
  ['config:DescribeConfigRules', 1],
  ['guardduty:ListDetectors', 1],
  ['kms:ListKeys', 2],
  ['kms:ListAliases', 3],
  ['kms:DescribeKey', 2],
  ['secretsmanager:ListSecrets', 3],
  ['secretsmanager:DescribeSecret', 2],
  ['ssm:DescribeInstanceInformation', 3],
  ['ssm:GetParameter', 3],
  ['ecr:DescribeRepositories', 2],
  ['ecs:ListClusters', 2],
  ['dynamodb:ListTables', 2],
  ['sns:ListTopics', 1],
  ['sqs:ListQueues', 1],
  ['ce:GetCostAndUsage', 2],
  ['health:DescribeEventAggregates', 2],
  ['tagging:GetResources', 1],
  ['elasticloadbalancing:DescribeLoadBalancers', 2],
  ['autoscaling:DescribeAutoScalingGroups', 1],
  ['ec2:CreateTags', 2],
  ['ec2:StartInstances', 1],
  ['ec2:StopInstances', 1],
  ['ec2:RebootInstances', 0.5],
  ['iam:TagRole', 0.5],
  ['s3:PutBucketTagging', 0.5],
  ['logs:PutRetentionPolicy', 0.5],
  ['cloudwatch:PutMetricAlarm', 0.5],
  ['ssm:PutParameter', 0.5],
  ['lambda:UpdateFunctionConfiguration20150331v2', 0.5],
];

/** Read-only users: consoles and dashboards. */
export const READONLY_POOL: Pool = ADMIN_POOL.filter(([a]) => !/:(Create|Start|Stop|Reboot|Tag|Put|Update)/.test(a));

/** Developers (PowerUserAccess): their services, logs, metrics, deploys. */
export const DEVELOPER_POOL: Pool = [
  ['lambda:ListFunctions20150331', 8],
  ['lambda:GetFunction20150331v2', 10],
  ['lambda:GetFunctionConfiguration20150331v2', 6],
  ['logs:DescribeLogGroups', 10],
  ['logs:DescribeLogStreams', 10],
  ['logs:StartQuery', 8],
  ['cloudwatch:GetMetricData', 12],
  ['cloudwatch:DescribeAlarms', 4],
  ['ecr:DescribeRepositories', 4],
  ['ecr:DescribeImages', 4],
  ['ecs:ListClusters', 3],
  ['ecs:DescribeServices', 6],
  ['dynamodb:ListTables', 4],
  ['dynamodb:DescribeTable', 5],
  ['s3:ListBuckets', 6],
  ['s3:GetBucketLocation', 4],
  ['ssm:GetParameter', 5],
  ['ssm:GetParameters', 3],
  ['sqs:ListQueues', 3],
  ['sns:ListTopics', 2],
  ['ec2:DescribeInstances', 6],
  ['cloudformation:DescribeStacks', 5],
  ['elasticloadbalancing:DescribeTargetHealth', 2],
  ['sts:GetCallerIdentity', 3],
  ['lambda:UpdateFunctionCode20150331v2', 1],
  ['ecs:UpdateService', 1],
  ['ssm:PutParameter', 0.5],
  ['ecs:RegisterTaskDefinition', 0.5],
  ['rds:DescribeDBInstances', 2],
  ['secretsmanager:DescribeSecret', 1],
  ['kms:DescribeKey', 1],
];

/** Security analysts (SecurityAudit). */
export const SECURITY_POOL: Pool = [
  ['guardduty:ListDetectors', 4],
  ['guardduty:ListFindings', 8],
  ['guardduty:GetFindings', 8],
  ['securityhub:GetFindings', 10],
  ['securityhub:DescribeHub', 2],
  ['access-analyzer:ListFindings', 4],
  ['cloudtrail:LookupEvents', 8],
  ['cloudtrail:DescribeTrails', 3],
  ['cloudtrail:GetTrailStatus', 3],
  ['config:DescribeConfigurationRecorders', 2],
  ['config:DescribeComplianceByConfigRule', 4],
  ['iam:ListRoles', 4],
  ['iam:ListUsers', 4],
  ['iam:GetAccountSummary', 2],
  ['iam:GenerateCredentialReport', 1],
  ['iam:ListAccessKeys', 2],
  ['s3:GetBucketPolicy', 4],
  ['s3:GetBucketAcl', 3],
  ['s3:GetBucketPublicAccessBlock', 3],
  ['ec2:DescribeSecurityGroups', 5],
  ['ec2:DescribeNetworkAcls', 2],
  ['kms:GetKeyPolicy', 2],
  ['kms:GetKeyRotationStatus', 2],
  ['ec2:GetEbsEncryptionByDefault', 1],
  ['organizations:ListPoliciesForTarget', 1],
];

/** Terraform plans and applies from CI: many reads of every managed resource, a few writes. */
export const TERRAFORM_READS: Pool = [
  ['sts:GetCallerIdentity', 2],
  ['ec2:DescribeVpcs', 4],
  ['ec2:DescribeSubnets', 6],
  ['ec2:DescribeSecurityGroups', 8],
  ['ec2:DescribeRouteTables', 4],
  ['ec2:DescribeLaunchTemplates', 3],
  ['ec2:DescribeInstances', 3],
  ['ec2:DescribeNetworkAcls', 2],
  ['ec2:DescribeImages', 2],
  ['ec2:DescribeInstanceTypes', 1],
  ['iam:GetRole', 8],
  ['iam:ListRolePolicies', 6],
  ['iam:ListAttachedRolePolicies', 6],
  ['iam:GetRolePolicy', 4],
  ['iam:GetPolicy', 4],
  ['iam:GetPolicyVersion', 4],
  ['iam:ListInstanceProfilesForRole', 2],
  ['s3:GetBucketPolicy', 4],
  ['s3:GetBucketAcl', 4],
  ['s3:GetBucketVersioning', 4],
  ['s3:GetBucketEncryption', 4],
  ['s3:GetBucketLogging', 4],
  ['s3:GetBucketTagging', 4],
  ['s3:GetBucketPublicAccessBlock', 4],
  ['s3:GetBucketLifecycle', 3],
  ['s3:GetBucketOwnershipControls', 3],
  ['s3:GetBucketCors', 3],
  ['s3:GetBucketReplication', 3],
  ['s3:GetBucketObjectLockConfiguration', 2],
  ['s3:GetBucketLocation', 2],
  ['lambda:GetFunction20150331v2', 4],
  ['lambda:ListVersionsByFunction20150331', 3],
  ['lambda:GetPolicy20150331v2', 3],
  ['logs:DescribeLogGroups', 4],
  ['dynamodb:DescribeTable', 3],
  ['dynamodb:DescribeContinuousBackups', 2],
  ['dynamodb:DescribeTimeToLive', 2],
  ['kms:DescribeKey', 3],
  ['kms:GetKeyPolicy', 2],
  ['kms:GetKeyRotationStatus', 2],
  ['rds:DescribeDBInstances', 2],
  ['rds:ListTagsForResource', 2],
  ['ecs:DescribeServices', 2],
  ['ecr:DescribeRepositories', 2],
  ['ssm:GetParameter', 2],
  ['cloudwatch:DescribeAlarms', 2],
  ['elasticloadbalancing:DescribeLoadBalancers', 2],
  ['autoscaling:DescribeAutoScalingGroups', 1],
];

/** What an apply changes. */
export const TERRAFORM_WRITES: Pool = [
  ['ec2:CreateTags', 4],
  ['lambda:UpdateFunctionCode20150331v2', 4],
  ['lambda:UpdateFunctionConfiguration20150331v2', 2],
  ['iam:PutRolePolicy', 1],
  ['iam:TagRole', 1],
  ['s3:PutBucketTagging', 1],
  ['logs:PutRetentionPolicy', 1],
  ['ecs:RegisterTaskDefinition', 2],
  ['ecs:UpdateService', 2],
  ['ssm:PutParameter', 1],
  ['cloudwatch:PutMetricAlarm', 1],
];

/** Extra actions humans pick up over time (never in anyone's starting repertoire). */
export const HUMAN_CHURN: Pool = [
  ['ec2:DescribeInstanceTypes', 1],
  ['ec2:GetEbsEncryptionByDefault', 1],
  ['iam:ListUsers', 1],
  ['iam:ListAccessKeys', 1],
  ['iam:GetUser', 1],
  ['elasticloadbalancing:DescribeTargetHealth', 1],
  ['access-analyzer:ListFindings', 1],
  ['organizations:DescribeOrganization', 1],
  ['account:ListRegions', 1],
  ['ecr:DescribeImages', 1],
  ['rds:ListTagsForResource', 1],
  ['dynamodb:DescribeTable', 1],
  ['ecs:DescribeServices', 1],
  ['securityhub:GetFindings', 1],
  ['config:DescribeComplianceByConfigRule', 1],
  ['kms:GetKeyRotationStatus', 1],
  ['cloudtrail:GetTrailStatus', 1],
  ['ssm:GetParameters', 1],
];

/** Application calls of web/app servers (besides the SSM agent's). */
export const APP_SERVER_POOL: Pool = [
  ['kms:Decrypt', 10],
  ['ssm:GetParameters', 6],
  ['ssm:GetParameter', 4],
  ['secretsmanager:GetSecretValue', 3],
  ['ec2:DescribeTags', 2],
  ['logs:DescribeLogStreams', 2],
  ['logs:CreateLogStream', 1],
  ['ecr:GetAuthorizationToken', 2],
];
/** Nightly batch workers. */
export const BATCH_POOL: Pool = [
  ['kms:GenerateDataKey', 10],
  ['kms:Decrypt', 6],
  ['s3:GetBucketLocation', 3],
  ['ec2:DescribeTags', 2],
  ['logs:CreateLogStream', 2],
  ['dynamodb:DescribeTable', 2],
  ['ssm:GetParameter', 2],
];
/** A bastion host: mostly its SSM agent. */
export const BASTION_POOL: Pool = [
  ['ec2:DescribeInstances', 3],
  ['ec2:DescribeTags', 2],
  ['ssm:GetParameter', 1],
];
/** The orders-processor function (every few minutes). */
export const ORDERS_POOL: Pool = [
  ['kms:Decrypt', 8],
  ['ssm:GetParameter', 4],
  ['kms:GenerateDataKey', 3],
];
/** A nightly snapshot janitor. */
export const JANITOR_POOL: Pool = [
  ['ec2:DescribeSnapshots', 6],
  ['ec2:DescribeVolumes', 4],
  ['ec2:DescribeInstances', 2],
  ['ec2:CreateSnapshot', 3],
  ['ec2:DeleteSnapshot', 2],
  ['ec2:CreateTags', 3],
];
/** A daily cost report in the management account. */
export const COST_POOL: Pool = [
  ['ce:GetCostAndUsage', 6],
  ['organizations:ListAccounts', 2],
  ['organizations:DescribeOrganization', 1],
];
/** A mid-period export function. */
export const EXPORTER_POOL: Pool = [
  ['kms:GenerateDataKey', 4],
  ['ssm:GetParameter', 2],
  ['dynamodb:DescribeTable', 1],
];
/** What the platform team's inventory job does through OrganizationAccountAccessRole. */
export const INVENTORY_POOL: Pool = [
  ['ec2:DescribeInstances', 4],
  ['ec2:DescribeRegions', 1],
  ['iam:GetAccountSummary', 1],
  ['cloudtrail:DescribeTrails', 1],
  ['config:DescribeConfigurationRecorders', 1],
  ['guardduty:ListDetectors', 1],
  ['rds:DescribeDBInstances', 2],
];
/** The management account's automation user. */
export const OPS_POOL: Pool = [
  ['organizations:ListAccounts', 4],
  ['organizations:DescribeOrganization', 1],
  ['organizations:ListPoliciesForTarget', 2],
];
/** A legacy on-premises backup user. */
export const BACKUP_USER_POOL: Pool = [
  ['s3:ListBuckets', 2],
  ['s3:GetBucketLocation', 4],
  ['rds:DescribeDBSnapshots', 3],
  ['ec2:DescribeSnapshots', 3],
];
/** AWS Config's service-linked role recording resources. */
export const CONFIG_SLR_POOL: Pool = [
  ['ec2:DescribeInstances', 4],
  ['ec2:DescribeSecurityGroups', 4],
  ['ec2:DescribeVpcs', 2],
  ['ec2:DescribeSubnets', 2],
  ['ec2:DescribeVolumes', 2],
  ['ec2:DescribeNetworkAcls', 2],
  ['ec2:DescribeRouteTables', 2],
  ['ec2:DescribeNetworkInterfaces', 2],
  ['iam:GetRole', 2],
  ['iam:ListRolePolicies', 1],
  ['iam:ListAttachedRolePolicies', 1],
  ['s3:GetBucketAcl', 2],
  ['s3:GetBucketPolicy', 2],
  ['s3:GetBucketVersioning', 1],
  ['s3:GetBucketLogging', 1],
  ['kms:DescribeKey', 1],
  ['rds:DescribeDBInstances', 1],
  ['lambda:ListFunctions20150331', 1],
];
/** Trusted Advisor's service-linked role. */
export const TRUSTED_ADVISOR_POOL: Pool = [
  ['ec2:DescribeInstances', 2],
  ['ec2:DescribeVolumes', 2],
  ['ec2:DescribeAddresses', 1],
  ['iam:GetAccountSummary', 1],
  ['s3:ListBuckets', 1],
  ['rds:DescribeDBInstances', 1],
  ['cloudtrail:DescribeTrails', 1],
];
