import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { isAllActions, isRestricted, parsePolicy, statementsOf } from '../../policy.js';
import { MITRE } from '../../mitre.js';
import { POLICY_CALLS, policyCallOf, policyDocumentOf } from '../../resource-policies.js';
import { reqText } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

/** Allow statements of the call's policy that name everyone without a confining condition. */
function publicStatements(r: CloudTrailRecord): Array<{ actions: string[] }> {
  const call = policyCallOf(r);
  if (call === undefined) return [];
  return statementsOf(parsePolicy(policyDocumentOf(r, call)))
    .filter((s) => s.effect === 'Allow' && s.principals.everyone && !isRestricted(s))
    .map((s) => ({ actions: s.notActions.length > 0 ? ['*'] : s.actions }));
}

const resourceOf = (r: CloudTrailRecord): string => {
  const call = policyCallOf(r);
  return (call === undefined ? undefined : reqText(r, ...call.resource)) ?? '(unknown)';
};

const json = (value: unknown): string => JSON.stringify(value);
const open = (action: string, extra: Record<string, unknown> = {}): string =>
  json({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: '*', ...extra }],
  });

/** A resource policy (beyond S3 buckets and Lambda functions) opened to everyone. */
export const resourcePolicyPublic: RecordRule = {
  id: 'aws.general.resource-policy-public',
  title: 'Resource policy grants access to everyone',
  description:
    'A resource policy whose Allow statement names Principal "*" (or {"AWS": "*"}) without a condition that confines it (aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn, aws:SourceOwner, aws:SourceVpce, kms:CallerAccount, elasticfilesystem:AccessedViaMountTarget, a non-open aws:SourceIp, ...), set through SNS SetTopicAttributes (attributeName Policy) or CreateTopic, SQS SetQueueAttributes or CreateQueue (attributes.Policy), KMS PutKeyPolicy, CreateKey or ReplicateKey, Secrets Manager PutResourcePolicy, ECR SetRepositoryPolicy, S3 Glacier SetVaultAccessPolicy, EFS PutFileSystemPolicy, OpenSearch CreateDomain / UpdateDomainConfig (and their Elasticsearch names), or a Lambda layer shared with every account (AddLayerVersionPermission principal "*" without organizationId). Critical when every action is granted. S3 bucket policies and Lambda function permissions have their own rules. Grants to named external accounts are not judged here.',
  severity: 'high',
  mitre: MITRE.transferToCloudAccount,
  runbook:
    'Restore the previous policy from code, then look for use of the resource from outside the organization since the change (data events, service access logs).',
  prefilter: POLICY_CALLS.map((c) => ({ eventSources: [c.eventSource], eventNames: c.eventNames })),
  match: (r) => publicStatements(r).length > 0,
  titleOf: (r) => `${policyCallOf(r)?.service ?? 'Resource'} ${resourceOf(r)} opened to everyone by its policy`,
  severityOf: (r) => (publicStatements(r).some((s) => s.actions.some(isAllActions)) ? 'critical' : 'high'),
  context: (r) => ({
    service: policyCallOf(r)?.service ?? null,
    resource: resourceOf(r),
    actions: [...new Set(publicStatements(r).flatMap((s) => s.actions))],
  }),
  cases: [
    {
      name: 'flags an SQS queue policy for everyone',
      expect: true,
      record: event('sqs', 'SetQueueAttributes', {
        request: {
          queueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/orders',
          attributes: { Policy: open('sqs:SendMessage') },
        },
      }),
    },
    {
      name: 'flags an SNS topic policy set through SetTopicAttributes',
      expect: true,
      record: event('sns', 'SetTopicAttributes', {
        request: {
          topicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
          attributeName: 'Policy',
          attributeValue: open('SNS:Subscribe'),
        },
      }),
    },
    {
      name: 'flags a KMS key policy with {"AWS": "*"}',
      expect: true,
      record: event('kms', 'PutKeyPolicy', {
        request: {
          keyId: 'k-1',
          policyName: 'default',
          policy: json({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }),
        },
      }),
    },
    {
      name: 'flags a Secrets Manager resource policy for everyone',
      expect: true,
      record: event('secretsmanager', 'PutResourcePolicy', {
        request: { secretId: 'prod/db', resourcePolicy: open('secretsmanager:GetSecretValue') },
      }),
    },
    {
      name: 'flags an ECR repository policy for everyone',
      expect: true,
      record: event('ecr', 'SetRepositoryPolicy', {
        request: { repositoryName: 'community', force: false, policyText: open('ecr:BatchGetImage') },
      }),
    },
    {
      name: 'flags a Glacier vault access policy for everyone',
      expect: true,
      record: event('glacier', 'SetVaultAccessPolicy', {
        request: { accountId: '-', vaultName: 'archive', policy: { policy: open('glacier:*') } },
      }),
    },
    {
      name: 'flags an EFS file system policy for everyone',
      expect: true,
      record: event('elasticfilesystem', 'PutFileSystemPolicy', {
        request: { fileSystemId: 'fs-1', policy: open('elasticfilesystem:ClientMount') },
      }),
    },
    {
      name: 'flags an OpenSearch domain open to everyone',
      expect: true,
      record: event('es', 'UpdateDomainConfig', {
        request: { domainName: 'logs', accessPolicies: open('es:*') },
      }),
    },
    {
      name: 'flags a Lambda layer shared with every account',
      expect: true,
      record: event('lambda', 'AddLayerVersionPermission20181031', {
        request: {
          layerName: 'shared',
          versionNumber: 3,
          statementId: 's',
          action: 'lambda:GetLayerVersion',
          principal: '*',
        },
      }),
    },
    {
      name: 'ignores an SNS policy confined by aws:SourceOwner (the default topic policy)',
      expect: false,
      record: event('sns', 'SetTopicAttributes', {
        request: {
          attributeName: 'Policy',
          attributeValue: open('SNS:Publish', { Condition: { StringEquals: { 'AWS:SourceOwner': '111122223333' } } }),
        },
      }),
    },
    {
      name: 'ignores a KMS statement for everyone confined by kms:CallerAccount (the EBS default shape)',
      expect: false,
      record: event('kms', 'PutKeyPolicy', {
        request: {
          keyId: 'k-1',
          policy: open('kms:Decrypt', {
            Condition: {
              StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
            },
          }),
        },
      }),
    },
    {
      name: 'ignores SNS attributes other than Policy',
      expect: false,
      record: event('sns', 'SetTopicAttributes', {
        request: { attributeName: 'DisplayName', attributeValue: '*' },
      }),
    },
    {
      name: 'ignores a Lambda layer shared with the organization',
      expect: false,
      record: event('lambda', 'AddLayerVersionPermission20181031', {
        request: { layerName: 'shared', action: 'lambda:GetLayerVersion', principal: '*', organizationId: 'o-abc123' },
      }),
    },
    {
      name: 'ignores a denied attempt to open an SQS queue',
      expect: false,
      record: event('sqs', 'SetQueueAttributes', {
        error: 'AccessDenied',
        request: { attributes: { Policy: open('sqs:*') } },
      }),
    },
    {
      name: 'ignores a Deny statement for everyone',
      expect: false,
      record: event('ecr', 'SetRepositoryPolicy', {
        request: {
          repositoryName: 'r',
          policyText: json({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'ecr:*' }] }),
        },
      }),
    },
  ],
};
