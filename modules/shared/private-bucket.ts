/**
 * The controls every bucket the app creates carries: versioning on, all public access blocked, ACLs off
 * (bucket owner enforced). Created in the caller's scope under fixed ids, so the resources keep their
 * addresses in the synthesized Terraform.
 * @module
 */
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { Construct } from 'constructs';

export interface PrivateBucketControls {
  /** Lifecycle rules and replication depend on it. */
  versioning: S3BucketVersioningA;
  /** A bucket policy depends on it (S3 refuses a policy while the block is being put). */
  publicAccess: S3BucketPublicAccessBlock;
}

/** Versioning, the public access block and owner-enforced ownership for `bucket` (a bucket id). */
export function privateBucketControls(
  scope: Construct,
  provider: AwsProvider | undefined,
  bucket: string,
): PrivateBucketControls {
  const versioning = new S3BucketVersioningA(scope, 'versioning', {
    provider,
    bucket,
    versioningConfiguration: { status: 'Enabled' },
  });
  const publicAccess = new S3BucketPublicAccessBlock(scope, 'public-access', {
    provider,
    bucket,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', {
    provider,
    bucket,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  return { versioning, publicAccess };
}
