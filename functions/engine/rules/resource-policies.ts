/**
 * Where each service's resource-policy call carries its policy document in CloudTrail, per the
 * services' API references: the event, the request path of the policy (a JSON string in every case
 * below), and the request path naming the resource. S3 bucket policies and Lambda function permissions
 * have their own rules (`aws.s3.bucket-policy-public`, `aws.lambda.function-made-public`).
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { text } from './fields.js';
import { req, reqText } from './matchers.js';

/** One call that sets a resource policy. */
export interface PolicyCall {
  service: string;
  eventSource: string;
  eventNames: string[];
  /** The policy document in the request (dotted path), or a reader for calls that need one. */
  policy: string | ((record: CloudTrailRecord) => unknown);
  /** Request paths naming the resource, first non-empty wins. */
  resource: string[];
}

/** SNS SetTopicAttributes carries a policy only when attributeName is Policy. */
const snsAttribute = (r: CloudTrailRecord): unknown =>
  reqText(r, 'attributeName')?.toLowerCase() === 'policy' ? req(r, 'attributeValue') : undefined;

/** Every resource-policy call the rule reads. */
export const POLICY_CALLS: readonly PolicyCall[] = [
  {
    service: 'SNS topic',
    eventSource: 'sns.amazonaws.com',
    eventNames: ['SetTopicAttributes'],
    policy: snsAttribute,
    resource: ['topicArn'],
  },
  {
    service: 'SNS topic',
    eventSource: 'sns.amazonaws.com',
    eventNames: ['CreateTopic'],
    policy: 'attributes.Policy',
    resource: ['name'],
  },
  {
    service: 'SQS queue',
    eventSource: 'sqs.amazonaws.com',
    eventNames: ['SetQueueAttributes', 'CreateQueue'],
    policy: 'attributes.Policy',
    resource: ['queueUrl', 'queueName'],
  },
  {
    service: 'KMS key',
    eventSource: 'kms.amazonaws.com',
    eventNames: ['PutKeyPolicy', 'CreateKey', 'ReplicateKey'],
    policy: 'policy',
    resource: ['keyId', 'description'],
  },
  {
    service: 'Secrets Manager secret',
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: ['PutResourcePolicy'],
    policy: 'resourcePolicy',
    resource: ['secretId'],
  },
  {
    service: 'ECR repository',
    eventSource: 'ecr.amazonaws.com',
    eventNames: ['SetRepositoryPolicy'],
    policy: 'policyText',
    resource: ['repositoryName'],
  },
  {
    service: 'S3 Glacier vault',
    eventSource: 'glacier.amazonaws.com',
    eventNames: ['SetVaultAccessPolicy'],
    policy: 'policy.policy',
    resource: ['vaultName'],
  },
  {
    service: 'EFS file system',
    eventSource: 'elasticfilesystem.amazonaws.com',
    eventNames: ['PutFileSystemPolicy'],
    policy: 'policy',
    resource: ['fileSystemId'],
  },
  {
    service: 'OpenSearch domain',
    eventSource: 'es.amazonaws.com',
    eventNames: ['CreateDomain', 'UpdateDomainConfig', 'CreateElasticsearchDomain', 'UpdateElasticsearchDomainConfig'],
    policy: 'accessPolicies',
    resource: ['domainName'],
  },
  {
    service: 'Lambda layer',
    eventSource: 'lambda.amazonaws.com',
    eventNames: ['AddLayerVersionPermission', 'AddLayerVersionPermission20181031'],
    policy: (r) => layerGrant(r),
    resource: ['layerName'],
  },
];

/**
 * AddLayerVersionPermission has no document: principal `*` without organizationId shares the layer
 * with every account. It is rewritten as the one-statement policy it amounts to.
 */
function layerGrant(r: CloudTrailRecord): unknown {
  const principal = reqText(r, 'principal');
  if (principal === undefined) return undefined;
  const org = text(r.requestParameters, 'organizationId');
  return {
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal === '*' ? '*' : { AWS: principal },
        Action: reqText(r, 'action') ?? 'lambda:GetLayerVersion',
        ...(org === undefined ? {} : { Condition: { StringEquals: { 'aws:PrincipalOrgID': org } } }),
      },
    ],
  };
}

const index = new Map<string, PolicyCall>();
for (const call of POLICY_CALLS) for (const name of call.eventNames) index.set(`${call.eventSource}:${name}`, call);

/** The policy call a record is, if any. */
export function policyCallOf(record: CloudTrailRecord): PolicyCall | undefined {
  return index.get(`${String(record.eventSource)}:${String(record.eventName)}`);
}

/** The policy document a record sets (string or object), or undefined. */
export function policyDocumentOf(record: CloudTrailRecord, call: PolicyCall): unknown {
  return typeof call.policy === 'string' ? req(record, call.policy) : call.policy(record);
}
