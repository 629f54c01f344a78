/**
 * Log-archive access for Control Tower landing zones, whose guard rails refuse (and whose updates revert)
 * edits of the log-archive bucket policy: the organization trail is replicated (S3 same-region
 * replication, new objects) into a bucket this stack owns in the log-archive account, with the same keys;
 * the agents read that replica, whose policy is ours. The trail bucket gets only a replication configuration.
 * @module
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { Construct } from 'constructs';
import { privateBucketControls } from '../shared/private-bucket.js';
import { policyDocument, type Statement } from '../central/iam.js';
import type { PolicyStatement } from '../member-agent/cfn.js';
import { terraformLiteral } from '../rollout/rollout.js';
import { mergePolicy } from './trail-policies.js';

export interface TrailReplicaOptions {
  partition: string;
  accountId: string;
  region: string;
  /** The organization trail's bucket (source) and the key prefix replicated (`[prefix/]AWSLogs/[o-xxx/]`). */
  sourceBucket: string;
  keyPrefix: string;
  /** The trail's KMS key, when it encrypts with one: the replica is then encrypted with a key of ours. */
  sourceKmsKeyArn?: string;
  replicaBucket: string;
  replicationRoleName: string;
  /** Alias of the replica's key (agents are allowed to decrypt through it). */
  replicaKeyAlias: string;
  retentionDays: number;
  /** The agents' statements on the replica (their own prefix only), and on its key. */
  agentStatements: (bucket: string) => PolicyStatement[];
  agentKeyStatement: PolicyStatement;
  provider: AwsProvider;
}

/** Replica bucket (+ its guard rails and policy), its key if needed, the replication role and configuration. */
export class TrailReplica extends Construct {
  readonly bucket: S3Bucket;
  readonly key?: KmsKey;

  constructor(scope: Construct, id: string, o: TrailReplicaOptions) {
    super(scope, id);
    const { provider, partition: p } = o;
    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: o.replicaBucket });
    const bucket = this.bucket.id;
    const { versioning, publicAccess } = privateBucketControls(this, provider, bucket);
    if (o.sourceKmsKeyArn) {
      const root = `arn:${p}:iam::${o.accountId}:root`;
      this.key = new KmsKey(this, 'key', {
        provider,
        description: 'ct-anomaly: encrypts the replica of the organization trail',
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: terraformLiteral(
          mergePolicy(
            JSON.stringify({
              Statement: [
                {
                  Sid: 'AccountAdministersKeyThroughIam',
                  Effect: 'Allow',
                  Principal: { AWS: root },
                  Action: 'kms:*',
                  Resource: '*',
                },
              ],
            }),
            [o.agentKeyStatement],
          ),
        ),
      });
      new KmsAlias(this, 'alias', { provider, name: o.replicaKeyAlias, targetKeyId: this.key.keyId });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [
        this.key
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'expire-replicated-trail',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: o.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
      dependsOn: [versioning],
    });
    const replicaArn = `arn:${p}:s3:::${o.replicaBucket}`;
    new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: terraformLiteral(
        mergePolicy(
          JSON.stringify({
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [replicaArn, `${replicaArn}/*`],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          }),
          o.agentStatements(o.replicaBucket),
        ),
      ),
      dependsOn: [publicAccess],
    });

    const sourceArn = `arn:${p}:s3:::${o.sourceBucket}`;
    const statements: Statement[] = [
      {
        sid: 'ReadTrailForReplication',
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [sourceArn],
      },
      {
        sid: 'ReadTrailObjectVersions',
        actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        resources: [`${sourceArn}/${o.keyPrefix}*`],
      },
      {
        sid: 'WriteReplica',
        actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
        resources: [`${replicaArn}/${o.keyPrefix}*`],
      },
    ];
    if (o.sourceKmsKeyArn && this.key) {
      statements.push(
        {
          sid: 'DecryptTrail',
          actions: ['kms:Decrypt'],
          resources: [o.sourceKmsKeyArn],
          conditions: [['StringLike', 'kms:ViaService', ['s3.*.amazonaws.com']]],
        },
        {
          sid: 'EncryptReplica',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.key.arn],
          conditions: [['StringLike', 'kms:ViaService', ['s3.*.amazonaws.com']]],
        },
      );
    }
    const role = new IamRole(this, 'replication-role', {
      provider,
      name: o.replicationRoleName,
      description: 'ct-anomaly: replicates the organization trail into the replica the agents read',
      assumeRolePolicy: policyDocument(
        this,
        'replication-trust',
        [
          {
            sid: 'S3Replicates',
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'Service', identifiers: ['s3.amazonaws.com'] }],
            conditions: [['StringEquals', 'aws:SourceAccount', [o.accountId]]],
          },
        ],
        provider,
      ).json,
    });
    new IamRolePolicy(this, 'replication-policy', {
      provider,
      role: role.id,
      name: 'replicate-trail',
      policy: policyDocument(this, 'replication-permissions', statements, provider).json,
    });
    new S3BucketReplicationConfigurationA(this, 'replication', {
      provider,
      bucket: o.sourceBucket,
      role: role.arn,
      rule: [
        {
          id: 'ct-anomaly-trail-replica',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: o.keyPrefix },
          deleteMarkerReplication: { status: 'Disabled' },
          destination: {
            bucket: replicaArn,
            storageClass: 'STANDARD',
            ...(this.key ? { encryptionConfiguration: { replicaKmsKeyId: this.key.arn } } : {}),
          },
          ...(o.sourceKmsKeyArn ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } } : {}),
        },
      ],
      dependsOn: [versioning],
    });
  }
}
