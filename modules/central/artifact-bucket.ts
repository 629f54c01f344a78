/**
 * The agent code, in a bucket in the agents' region (Lambda reads code from its own region only):
 * versioned, public access blocked, TLS only, readable by the organization. The object key carries
 * the zip's content hash, so a new agent version is a new StackSet parameter value: an update rolls
 * it out, and an unchanged build rolls out nothing.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { CONFIG_OBJECT_KEY } from '../shared/names.js';
import { policyDocument } from './iam.js';

export interface ArtifactBucketOptions {
  bucketName: string;
  organizationId: string;
  /** The deployment's config as delivered (JSON text rendered at synth): agents and central functions read it at every run. */
  configText: string;
  /** dist/detector.zip */
  agentZipPath: string;
  provider?: AwsProvider;
}

/** The S3 key of an agent zip: `agent/detector-<first 16 hex of sha256>.zip`. */
export function agentCodeKey(zip: Buffer): string {
  return `agent/detector-${createHash('sha256').update(zip).digest('hex').slice(0, 16)}.zip`;
}

/** Bucket + its guard rails + the agent zip. */
export class ArtifactBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly agentCode: S3Object;
  readonly config: S3Object;

  constructor(scope: Construct, id: string, options: ArtifactBucketOptions) {
    super(scope, id);
    const provider = options.provider;
    // Only rebuildable artifacts live here: destroying the stack may empty it.
    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: options.bucketName, forceDestroy: true });
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'expire-old-agent-versions',
          status: 'Enabled',
          filter: [{ prefix: 'agent/' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
      dependsOn: [versioning],
    });
    new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: policyDocument(
        this,
        'policy-doc',
        [
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            actions: ['s3:*'],
            resources: [this.bucket.arn, `${this.bucket.arn}/*`],
            principals: [{ type: '*', identifiers: ['*'] }],
            conditions: [['Bool', 'aws:SecureTransport', ['false']]],
          },
          {
            sid: 'OrganizationReadsAgentCodeAndConfig',
            actions: ['s3:GetObject', 's3:GetObjectVersion'],
            resources: [`${this.bucket.arn}/agent/*`, `${this.bucket.arn}/${CONFIG_OBJECT_KEY}`],
            principals: [{ type: 'AWS', identifiers: ['*'] }],
            conditions: [['StringEquals', 'aws:PrincipalOrgID', [options.organizationId]]],
          },
        ],
        provider,
      ).json,
      dependsOn: [publicAccess],
    });
    const zip = readFileSync(options.agentZipPath);
    const asset = new TerraformAsset(this, 'agent-zip', { path: options.agentZipPath, type: AssetType.FILE });
    this.agentCode = new S3Object(this, 'agent-code', {
      provider,
      bucket,
      key: agentCodeKey(zip),
      source: asset.path,
      sourceHash: createHash('md5').update(zip).digest('hex'),
      contentType: 'application/zip',
      dependsOn: [versioning],
      // The old key must outlive the StackSet update that stops using it.
      lifecycle: { createBeforeDestroy: true },
    });
    // A new config is a new version of the same object: agents pick it up at their next run, no code deploy.
    this.config = new S3Object(this, 'config', {
      provider,
      bucket,
      key: CONFIG_OBJECT_KEY,
      content: options.configText,
      contentType: 'application/json',
      dependsOn: [versioning],
    });
  }
}
