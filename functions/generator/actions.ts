/**
 * The catalog of routine API calls: eventSource, eventName, read-only or not, whether the service
 * logs in us-east-1 (global), and the request parameters CloudTrail records for it.
 * @module
 */
import type { Account } from './org.js';
import type { Rng } from './prng.js';
import type { AccountResources } from './resources.js';

/** What a parameter builder may use. */
export interface ParamContext {
  rng: Rng;
  account: Account;
  res: AccountResources;
  region: string;
  /** The calling instance (EC2 instance roles). */
  instanceId?: string;
}

type Params = Record<string, unknown> | null;

/** One API as CloudTrail names it. */
export interface ActionSpec {
  /** `eventSource:eventName`. */
  key: string;
  source: string;
  name: string;
  readOnly: boolean;
  /** Logged in us-east-1 whatever the caller's region (IAM, Organizations, Cost Explorer ...). */
  global: boolean;
  params?: (c: ParamContext) => Params;
  response?: (c: ParamContext) => Params;
  /** Data events are not in a management-events trail; kept out of the routine mix. */
}

const SOURCES: Record<string, string> = { cloudwatch: 'monitoring.amazonaws.com' };
const GLOBAL = new Set(['iam', 'organizations', 'ce', 'health', 'account']);

const R = true;
const W = false;

function spec(
  short: string,
  readOnly: boolean,
  params?: (c: ParamContext) => Params,
  response?: (c: ParamContext) => Params,
): ActionSpec {
  const [service, name] = short.split(':') as [string, string];
  const source = SOURCES[service] ?? `${service}.amazonaws.com`;
  return { key: `${source}:${name}`, source, name, readOnly, global: GLOBAL.has(service), params, response };
}

const bucket = (c: ParamContext, i?: number): string =>
  i === undefined ? c.rng.pick(c.res.buckets) : (c.res.buckets[i] as string);
const s3Get =
  (sub: string) =>
  (c: ParamContext): Params => {
    const b = bucket(c);
    return { bucketName: b, Host: `${b}.s3.${c.region}.amazonaws.com`, [sub]: '' };
  };
const keyArn = (c: ParamContext): string =>
  `arn:aws:kms:${c.region}:${c.account.id}:key/${c.rng.pick(c.res.kmsKeyIds)}`;
const secretArn = (c: ParamContext): string =>
  `arn:aws:secretsmanager:${c.region}:${c.account.id}:secret:${c.rng.pick(c.res.secrets)}`;
const ec2Ok = (c: ParamContext): Params => ({ requestId: c.rng.uuid(), _return: true });
const instance = (c: ParamContext): string => c.instanceId ?? (Object.values(c.res.instances)[0]?.[0] as string);

const LIST: ActionSpec[] = [
  // EC2
  spec('ec2:DescribeInstances', R, () => ({ instancesSet: {}, filterSet: {} })),
  spec('ec2:DescribeInstanceStatus', R, () => ({ instancesSet: {}, filterSet: {}, includeAllInstances: false })),
  spec('ec2:DescribeSecurityGroups', R, () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} })),
  spec('ec2:DescribeVpcs', R, () => ({ vpcSet: {}, filterSet: {} })),
  spec('ec2:DescribeSubnets', R, () => ({ subnetSet: {}, filterSet: {} })),
  spec('ec2:DescribeVolumes', R, () => ({ volumeSet: {}, filterSet: {} })),
  spec('ec2:DescribeSnapshots', R, () => ({
    snapshotSet: {},
    ownersSet: { items: [{ owner: 'self' }] },
    sharedUsersSet: {},
    filterSet: {},
  })),
  spec('ec2:DescribeImages', R, () => ({
    executableBySet: {},
    imagesSet: {},
    ownersSet: { items: [{ owner: 'self' }] },
    filterSet: {},
  })),
  spec('ec2:DescribeRouteTables', R, () => ({ routeTableIdSet: {}, filterSet: {} })),
  spec('ec2:DescribeNetworkInterfaces', R, () => ({ networkInterfaceIdSet: {}, filterSet: {} })),
  spec('ec2:DescribeRegions', R, () => ({ regionSet: {} })),
  spec('ec2:DescribeAvailabilityZones', R, () => ({ availabilityZoneSet: {}, availabilityZoneIdSet: {} })),
  spec('ec2:DescribeTags', R, (c) => ({
    filterSet: { items: [{ name: 'resource-id', valueSet: { items: [{ value: instance(c) }] } }] },
  })),
  spec('ec2:DescribeLaunchTemplates', R, () => ({ DescribeLaunchTemplatesRequest: { MaxResults: 200 } })),
  spec('ec2:DescribeNetworkAcls', R, () => ({ networkAclIdSet: {}, filterSet: {} })),
  spec('ec2:DescribeAddresses', R, () => ({ publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} })),
  spec('ec2:DescribeKeyPairs', R, () => ({ keySet: {}, filterSet: {} })),
  spec('ec2:DescribeInstanceTypes', R, () => ({ DescribeInstanceTypesRequest: { MaxResults: 100 } })),
  spec('ec2:GetEbsEncryptionByDefault', R, () => ({ GetEbsEncryptionByDefaultRequest: '' })),
  spec(
    'ec2:CreateTags',
    W,
    (c) => ({
      resourcesSet: { items: [{ resourceId: instance(c) }] },
      tagSet: { items: [{ key: 'Owner', value: 'platform' }] },
    }),
    ec2Ok,
  ),
  spec('ec2:StartInstances', W, (c) => ({ instancesSet: { items: [{ instanceId: instance(c) }] } })),
  spec('ec2:StopInstances', W, (c) => ({ instancesSet: { items: [{ instanceId: instance(c) }] }, force: false })),
  spec('ec2:RebootInstances', W, (c) => ({ instancesSet: { items: [{ instanceId: instance(c) }] } }), ec2Ok),
  spec('ec2:CreateSnapshot', W, (c) => ({ volumeId: `vol-0${c.rng.hex(16)}`, description: 'nightly backup' })),
  spec('ec2:DeleteSnapshot', W, (c) => ({ snapshotId: `snap-0${c.rng.hex(16)}` }), ec2Ok),
  // IAM (global)
  spec('iam:ListRoles', R, () => null),
  spec('iam:ListUsers', R, () => null),
  spec('iam:GetRole', R, (c) => ({ roleName: c.rng.pick(c.res.roles) })),
  spec('iam:ListAttachedRolePolicies', R, (c) => ({ roleName: c.rng.pick(c.res.roles) })),
  spec('iam:ListRolePolicies', R, (c) => ({ roleName: c.rng.pick(c.res.roles) })),
  spec('iam:GetRolePolicy', R, (c) => ({ roleName: c.rng.pick(c.res.roles), policyName: 'inline' })),
  spec('iam:ListPolicies', R, () => ({ scope: 'Local', onlyAttached: false })),
  spec('iam:GetPolicy', R, (c) => ({ policyArn: `arn:aws:iam::${c.account.id}:policy/app-access` })),
  spec('iam:GetPolicyVersion', R, (c) => ({
    policyArn: `arn:aws:iam::${c.account.id}:policy/app-access`,
    versionId: 'v3',
  })),
  spec('iam:ListAccountAliases', R, () => null),
  spec('iam:GetAccountSummary', R, () => null),
  spec('iam:ListInstanceProfilesForRole', R, (c) => ({ roleName: c.rng.pick(c.res.roles) })),
  spec('iam:ListGroups', R, () => null),
  spec('iam:GetUser', R, (c) => ({ userName: c.rng.pick(c.res.iamUsers) })),
  spec('iam:ListAccessKeys', R, (c) => ({ userName: c.rng.pick(c.res.iamUsers) })),
  spec('iam:GenerateCredentialReport', R, () => null),
  spec('iam:TagRole', W, (c) => ({ roleName: c.rng.pick(c.res.roles), tags: [{ key: 'team', value: 'platform' }] })),
  spec('iam:PutRolePolicy', W, (c) => ({
    roleName: 'app-server-role',
    policyName: 'app-bucket-access',
    policyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::${bucket(c, 1)}/*"}]}`,
  })),
  // S3 (bucket-level management events)
  spec('s3:ListBuckets', R, () => ({ Host: 's3.amazonaws.com' })),
  spec('s3:GetBucketLocation', R, s3Get('location')),
  spec('s3:GetBucketPolicy', R, s3Get('policy')),
  spec('s3:GetBucketAcl', R, s3Get('acl')),
  spec('s3:GetBucketVersioning', R, s3Get('versioning')),
  spec('s3:GetBucketEncryption', R, s3Get('encryption')),
  spec('s3:GetBucketLogging', R, s3Get('logging')),
  spec('s3:GetBucketTagging', R, s3Get('tagging')),
  spec('s3:GetBucketPublicAccessBlock', R, s3Get('publicAccessBlock')),
  spec('s3:GetBucketLifecycle', R, s3Get('lifecycle')),
  spec('s3:GetBucketOwnershipControls', R, s3Get('ownershipControls')),
  spec('s3:GetBucketCors', R, s3Get('cors')),
  spec('s3:GetBucketReplication', R, s3Get('replication')),
  spec('s3:GetBucketObjectLockConfiguration', R, s3Get('object-lock')),
  spec('s3:PutBucketTagging', W, (c) => ({
    ...s3Get('tagging')(c),
    Tagging: { TagSet: { Tag: { Key: 'team', Value: 'platform' } } },
  })),
  // STS
  spec('sts:GetCallerIdentity', R, () => null),
  // KMS
  spec('kms:Decrypt', R, () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })),
  spec('kms:GenerateDataKey', R, (c) => ({ keyId: keyArn(c), keySpec: 'AES_256' })),
  spec('kms:DescribeKey', R, (c) => ({ keyId: keyArn(c) })),
  spec('kms:ListKeys', R, () => null),
  spec('kms:ListAliases', R, () => null),
  spec('kms:GetKeyPolicy', R, (c) => ({ keyId: keyArn(c), policyName: 'default' })),
  spec('kms:GetKeyRotationStatus', R, (c) => ({ keyId: keyArn(c) })),
  // SSM
  spec('ssm:UpdateInstanceInformation', W, (c) => ({
    instanceId: instance(c),
    agentVersion: '3.3.2299.0',
    agentStatus: 'Active',
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    platformVersion: '2023',
    iPAddress: `${c.account.vpcPrefix}.${c.rng.int(1, 40)}.${c.rng.int(2, 250)}`,
    computerName: `ip-${c.account.vpcPrefix.replace('.', '-')}-12-34.${c.region}.compute.internal`,
    agentName: 'amazon-ssm-agent',
    availabilityZone: `${c.region}a`,
  })),
  spec('ssm:ListInstanceAssociations', R, (c) => ({ instanceId: instance(c), maxResults: 20 })),
  spec('ssm:GetParameter', R, (c) => ({ name: c.rng.pick(c.res.parameters), withDecryption: true })),
  spec('ssm:GetParameters', R, (c) => ({ names: c.rng.sample(c.res.parameters, 3), withDecryption: true })),
  spec('ssm:DescribeInstanceInformation', R, () => ({ maxResults: 50 })),
  spec(
    'ssm:PutParameter',
    W,
    (_c) => ({ name: '/app/feature-flags', type: 'String', overwrite: true, tier: 'Standard' }),
    (c) => ({ version: c.rng.int(2, 90), tier: 'Standard' }),
  ),
  spec(
    'ssm:StartSession',
    W,
    (c) => ({ target: instance(c) }),
    (c) => ({
      sessionId: `ops-${c.rng.hex(17)}`,
      tokenValue: 'Value hidden due to security reasons.',
      streamUrl: `wss://ssmmessages.${c.region}.amazonaws.com/v1/data-channel/ops-${c.rng.hex(17)}?role=publish_subscribe&cell-number=AAEAAf`,
    }),
  ),
  // Secrets Manager
  spec('secretsmanager:GetSecretValue', R, (c) => ({ secretId: secretArn(c) })),
  spec('secretsmanager:ListSecrets', R, () => null),
  spec('secretsmanager:DescribeSecret', R, (c) => ({ secretId: secretArn(c) })),
  // Logs
  spec('logs:DescribeLogGroups', R, () => ({ limit: 50 })),
  spec('logs:DescribeLogStreams', R, (c) => ({
    logGroupName: c.rng.pick(c.res.logGroups),
    orderBy: 'LastEventTime',
    descending: true,
    limit: 1,
  })),
  spec('logs:CreateLogStream', W, (c) => ({ logGroupName: `/app/${c.account.name}`, logStreamName: instance(c) })),
  spec('logs:PutRetentionPolicy', W, (c) => ({ logGroupName: c.rng.pick(c.res.logGroups), retentionInDays: 90 })),
  spec('logs:StartQuery', R, (c) => ({
    logGroupNames: [c.rng.pick(c.res.logGroups)],
    startTime: 0,
    endTime: 0,
    queryString: 'fields @timestamp, @message | sort @timestamp desc | limit 100',
  })),
  // CloudWatch
  spec('cloudwatch:DescribeAlarms', R, () => ({ maxRecords: 100 })),
  spec('cloudwatch:GetMetricData', R, () => ({ scanBy: 'TimestampDescending', maxDatapoints: 1440 })),
  spec('cloudwatch:ListMetrics', R, () => ({ namespace: 'AWS/EC2' })),
  spec('cloudwatch:PutMetricAlarm', W, (c) => ({
    alarmName: `${c.account.name}-cpu-high`,
    metricName: 'CPUUtilization',
    namespace: 'AWS/EC2',
    threshold: 80,
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 3,
    period: 300,
    statistic: 'Average',
  })),
  // Lambda
  spec('lambda:ListFunctions20150331', R, () => null),
  spec('lambda:GetFunction20150331v2', R, (c) => ({ functionName: c.rng.pick(c.res.functions) })),
  spec('lambda:GetFunctionConfiguration20150331v2', R, (c) => ({ functionName: c.rng.pick(c.res.functions) })),
  spec('lambda:ListVersionsByFunction20150331', R, (c) => ({ functionName: c.rng.pick(c.res.functions) })),
  spec('lambda:GetPolicy20150331v2', R, (c) => ({ functionName: c.rng.pick(c.res.functions) })),
  spec('lambda:UpdateFunctionCode20150331v2', W, (c) => ({
    functionName: c.rng.pick(c.res.functions),
    publish: true,
    dryRun: false,
  })),
  spec('lambda:UpdateFunctionConfiguration20150331v2', W, (c) => ({
    functionName: c.rng.pick(c.res.functions),
    timeout: 30,
  })),
  // RDS
  spec('rds:DescribeDBInstances', R, () => null),
  spec('rds:DescribeDBClusters', R, () => ({ includeShared: false })),
  spec('rds:DescribeDBSnapshots', R, (c) => ({
    dBInstanceIdentifier: c.rng.pick(c.res.dbInstances),
    includeShared: false,
    includePublic: false,
  })),
  spec('rds:ListTagsForResource', R, (c) => ({
    resourceName: `arn:aws:rds:${c.region}:${c.account.id}:db:${c.rng.pick(c.res.dbInstances)}`,
  })),
  // CloudFormation
  spec('cloudformation:DescribeStacks', R, () => null),
  spec('cloudformation:ListStacks', R, () => null),
  // CloudTrail, Config, GuardDuty, Security Hub
  spec('cloudtrail:DescribeTrails', R, () => ({ includeShadowTrails: true })),
  spec('cloudtrail:GetTrailStatus', R, (c) => ({ name: c.res.trailName })),
  spec('cloudtrail:LookupEvents', R, () => ({ maxResults: 50 })),
  spec('config:DescribeConfigurationRecorders', R, () => null),
  spec('config:DescribeConfigRules', R, () => null),
  spec('config:DescribeComplianceByConfigRule', R, () => null),
  spec('guardduty:ListDetectors', R, () => null),
  spec('guardduty:ListFindings', R, (c) => ({ detectorId: c.res.detectorId, maxResults: 50 })),
  spec('guardduty:GetFindings', R, (c) => ({ detectorId: c.res.detectorId, findingIds: [c.rng.hex(32)] })),
  spec('securityhub:GetFindings', R, () => ({ MaxResults: 100 })),
  spec('securityhub:DescribeHub', R, () => null),
  spec('access-analyzer:ListFindings', R, () => null),
  // Containers, data, messaging
  spec('ecr:GetAuthorizationToken', R, () => null),
  spec('ecr:DescribeRepositories', R, () => null),
  spec('ecr:DescribeImages', R, () => ({ repositoryName: 'web' })),
  spec('ecs:ListClusters', R, () => null),
  spec('ecs:DescribeServices', R, (c) => ({ cluster: `${c.account.name}-cluster`, services: ['web'] })),
  spec('ecs:RegisterTaskDefinition', W, () => ({
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
  })),
  spec('ecs:UpdateService', W, (c) => ({
    cluster: `${c.account.name}-cluster`,
    service: 'web',
    forceNewDeployment: true,
  })),
  spec('dynamodb:ListTables', R, () => null),
  spec('dynamodb:DescribeTable', R, () => ({ tableName: 'orders' })),
  spec('dynamodb:DescribeContinuousBackups', R, () => ({ tableName: 'orders' })),
  spec('dynamodb:DescribeTimeToLive', R, () => ({ tableName: 'orders' })),
  spec('sns:ListTopics', R, () => null),
  spec('sqs:ListQueues', R, () => null),
  spec('elasticloadbalancing:DescribeLoadBalancers', R, () => null),
  spec('elasticloadbalancing:DescribeTargetHealth', R, () => null),
  spec('autoscaling:DescribeAutoScalingGroups', R, () => null),
  // Account-level and global
  spec('ce:GetCostAndUsage', R, () => ({ granularity: 'DAILY', metrics: ['UnblendedCost'] })),
  spec('health:DescribeEventAggregates', R, () => ({ aggregateField: 'eventTypeCategory' })),
  spec('organizations:DescribeOrganization', R, () => null),
  spec('organizations:ListAccounts', R, () => null),
  spec('organizations:ListPoliciesForTarget', R, (c) => ({ targetId: c.account.id, filter: 'SERVICE_CONTROL_POLICY' })),
  spec('account:ListRegions', R, () => null),
  spec('tagging:GetResources', R, () => ({ resourcesPerPage: 100 })),
];

/** Every routine action by key (`eventSource:eventName`). */
export const ACTIONS: ReadonlyMap<string, ActionSpec> = new Map(LIST.map((a) => [a.key, a]));

/** The key (`eventSource:eventName`) of a short name like `iam:CreateUser`, catalogued or not. */
export function actionKey(short: string): string {
  if (short.includes('.amazonaws.com')) return short;
  const [service, name] = short.split(':') as [string, string];
  return `${SOURCES[service] ?? `${service}.amazonaws.com`}:${name}`;
}

/** Looks up an action by short name (`ec2:DescribeInstances`) or full key; throws on a typo (programmer error). */
export function action(short: string): ActionSpec {
  const found = ACTIONS.get(actionKey(short));
  if (found === undefined) throw new Error(`unknown action ${short}`);
  return found;
}

/** Builds an ad-hoc action (for injections of APIs outside the routine catalog). */
export function adhocAction(short: string, readOnly: boolean): ActionSpec {
  return spec(short, readOnly);
}
