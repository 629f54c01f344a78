/**
 * The agent code, in a bucket in each agent region (Lambda reads code from its own region only):
 * versioned, public access blocked, TLS only, readable by the organization. The code is one key
 * (`agent/detector.zip`) and each build a new object version: the rollout names the version (a new
 * build is a new StackSet parameter value; an unchanged build changes nothing), earlier versions are
 * kept (the last `keepVersions`), never deleted by an update, so rolling back is naming an earlier one.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { privateBucketControls } from '../shared/private-bucket.js';
import { AGENT_CODE_KEY, CONFIG_OBJECT_KEY } from '../shared/names.js';
import { policyDocument } from './iam.js';

export interface ArtifactBucketOptions {
  bucketName: string;
  organizationId: string;
  /** The deployment's config as delivered (JSON text rendered at synth): agents and central functions read it at every run. */
  configText: string;
  /** dist/detector.zip */
  agentZipPath: string;
  /** Agent bundles kept: the current version and the newest `keepVersions - 1` earlier ones. */
  keepVersions: number;
  /** A rollback pins the fleet to an earlier version: no new build is uploaded meanwhile (it could push that one out). */
  pinned: boolean;
  provider?: AwsProvider;
}

/** The version label of an agent zip: the first 16 hex digits of its sha256 (what heartbeats report). */
export function agentVersionLabel(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('hex').slice(0, 16);
}

/** Bucket + its guard rails + the agent zip. */
export class ArtifactBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly agentCode: S3Object;
  readonly config: S3Object;
  /** The version label of this build's agent zip. */
  readonly versionLabel: string;

  constructor(scope: Construct, id: string, options: ArtifactBucketOptions) {
    super(scope, id);
    const provider = options.provider;
    // Only rebuildable artifacts live here: destroying the stack may empty it.
    this.bucket = new S3Bucket(this, 'bucket', { provider, bucket: options.bucketName, forceDestroy: true });
    const bucket = this.bucket.id;
    const { versioning, publicAccess } = privateBucketControls(this, provider, bucket);
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
          id: 'keep-recent-agent-versions',
          status: 'Enabled',
          filter: [{ prefix: 'agent/' }],
          noncurrentVersionExpiration: [
            options.keepVersions > 1
              ? { noncurrentDays: 1, newerNoncurrentVersions: options.keepVersions - 1 }
              : { noncurrentDays: 1 },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
        {
          id: 'expire-old-config-versions',
          status: 'Enabled',
          filter: [{ prefix: 'config/' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
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
    this.versionLabel = agentVersionLabel(zip);
    const asset = new TerraformAsset(this, 'agent-zip', { path: options.agentZipPath, type: AssetType.FILE });
    // One key, updated in place: S3 keeps the previous object as a noncurrent version (replacing the
    // resource under a new key would delete the old one, and with it the rollback).
    this.agentCode = new S3Object(this, 'agent-code', {
      provider,
      bucket,
      key: AGENT_CODE_KEY,
      source: asset.path,
      sourceHash: createHash('md5').update(zip).digest('hex'),
      contentType: 'application/zip',
      metadata: { 'ct-anomaly-version': this.versionLabel },
      dependsOn: [versioning],
      ...(options.pinned ? { lifecycle: { ignoreChanges: ['source', 'source_hash', 'metadata'] } } : {}),
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
