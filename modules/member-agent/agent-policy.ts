/**
 * The detector's permissions, least privilege: read only this account's slice of the trail (and
 * decrypt with the trail key through S3 only), query only its own Glue table through its own Athena
 * workgroup, write only its own baseline table, results bucket, log group and DLQ, and put events only
 * on the central bus. No write action has a `*` resource.
 * @module
 */
import {
  AWS_ACCOUNT_ID,
  getAtt,
  join,
  ref,
  sub,
  type CfnString,
  type PolicyDocument,
  type PolicyStatement,
} from './cfn.js';
import { trailKeyPrefix, type TrailLocation } from './glue-table.js';

export interface AgentPolicyOptions {
  partition: string;
  trail: Omit<TrailLocation, 'regions' | 'startDate'> & { kmsKeyArn?: string; kmsKeyAlias?: KmsKeyByAlias };
  glueDatabase: string;
  glueTable: string;
  workGroup: string;
  /** Logical ids of resources in the same template. */
  logical: { baselineTable: string; resultsBucket: string; logGroup: string; dlq: string };
  /** Name of the template parameter holding the central bus ARN. */
  busArnParameter: string;
  /** The artifact bucket's name (with `${AWS::Region}`), and the key of the deployment's config in it. */
  config: { bucketPattern: string; key: string };
}

/** A key known by its alias (created by the same deploy, so its ARN is not known when the template is rendered). */
export interface KmsKeyByAlias {
  /** `arn:aws:kms:REGION:ACCOUNT:key/*`. */
  keyArnPattern: string;
  /** `alias/NAME`. */
  alias: string;
}

/** The inline policy of the agent role. */
export function agentPolicy(options: AgentPolicyOptions): PolicyDocument {
  const { partition: p, trail, logical } = options;
  const accountPrefix = join(trailKeyPrefix(trail), AWS_ACCOUNT_ID, '/CloudTrail/');
  const bucketArn = `arn:${p}:s3:::${trail.bucket}`;
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadOwnTrailPrefix',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: join(`${bucketArn}/`, accountPrefix, '*'),
    },
    {
      Sid: 'ListOwnTrailPrefix',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': [join(accountPrefix, '*')] } },
    },
    { Sid: 'LocateTrailBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: bucketArn },
  ];
  if (trail.kmsKeyArn) {
    statements.push({
      Sid: 'DecryptTrailThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: trail.kmsKeyArn,
      Condition: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
    });
  } else if (trail.kmsKeyAlias) {
    statements.push({
      Sid: 'DecryptTrailThroughS3',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: trail.kmsKeyAlias.keyArnPattern,
      Condition: {
        StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': trail.kmsKeyAlias.alias },
      },
    });
  }
  const glue = (resource: string): CfnString => sub(`arn:${p}:glue:\${AWS::Region}:\${AWS::AccountId}:${resource}`);
  statements.push(
    {
      Sid: 'QueryOwnWorkGroup',
      Effect: 'Allow',
      Action: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      Resource: sub(`arn:${p}:athena:\${AWS::Region}:\${AWS::AccountId}:workgroup/${options.workGroup}`),
    },
    {
      Sid: 'ReadOwnGlueTable',
      Effect: 'Allow',
      Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
      Resource: [
        glue('catalog'),
        glue(`database/${options.glueDatabase}`),
        glue(`table/${options.glueDatabase}/${options.glueTable}`),
      ],
    },
    {
      Sid: 'WriteQueryResults',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: join(getAtt(logical.resultsBucket, 'Arn'), '/*'),
    },
    {
      Sid: 'ListQueryResults',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
      Resource: getAtt(logical.resultsBucket, 'Arn'),
    },
    {
      Sid: 'OwnBaselineTable',
      Effect: 'Allow',
      // Exactly what the baseline store calls (functions/adapters/aws/dynamodb): reads, conditional writes.
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      Resource: getAtt(logical.baselineTable, 'Arn'),
    },
    { Sid: 'PublishToCentralBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: ref(options.busArnParameter) },
    {
      Sid: 'ReadDeploymentConfig',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: sub(`arn:${p}:s3:::${options.config.bucketPattern}/${options.config.key}`),
    },
    {
      Sid: 'OwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // A log group's Arn attribute already ends in `:*` (all its streams).
      Resource: getAtt(logical.logGroup, 'Arn'),
    },
    { Sid: 'OnFailureDestination', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: getAtt(logical.dlq, 'Arn') },
  );
  return { Version: '2012-10-17', Statement: statements };
}
