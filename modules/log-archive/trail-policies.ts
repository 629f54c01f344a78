/**
 * Log-archive access as code, for a trail bucket this deployment may change: Terraform, through a provider
 * for the log-archive account, owns the trail bucket's policy (the committed base policy plus the agents'
 * statements) and, when its base is given, the trail key's policy. Both resources refuse to be destroyed:
 * deleting either would stop the organization trail (see docs/deploy.md, "Removing it").
 * @module
 */
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy/index.js';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { Construct } from 'constructs';
import type { PolicyStatement } from '../member-agent/cfn.js';
import { terraformLiteral } from '../rollout/rollout.js';

/** A base policy document (the current one, as committed) with the agents' statements appended. */
export function mergePolicy(baseJson: string, statements: readonly PolicyStatement[]): string {
  const base = JSON.parse(baseJson) as { Version?: string; Id?: string; Statement: unknown[] };
  return JSON.stringify({
    ...base,
    Version: base.Version ?? '2012-10-17',
    Statement: [...base.Statement, ...statements],
  });
}

export interface TrailPoliciesOptions {
  bucket: string;
  /** The bucket's current policy (JSON) and the agents' statements. */
  bucketPolicy: { base: string; statements: readonly PolicyStatement[] };
  /** The trail key (its ARN), its current policy and the agents' statement; absent: the key is left alone. */
  keyPolicy?: { keyArn: string; base: string; statement: PolicyStatement; provider: AwsProvider };
  provider: AwsProvider;
}

/** The two policies, tracked by Terraform. */
export class TrailPolicies extends Construct {
  readonly bucketPolicy: S3BucketPolicy;
  readonly keyPolicy?: KmsKeyPolicy;

  constructor(scope: Construct, id: string, options: TrailPoliciesOptions) {
    super(scope, id);
    this.bucketPolicy = new S3BucketPolicy(this, 'bucket-policy', {
      provider: options.provider,
      bucket: options.bucket,
      // `${aws:PrincipalAccount}` is IAM's, not Terraform's.
      policy: terraformLiteral(mergePolicy(options.bucketPolicy.base, options.bucketPolicy.statements)),
      lifecycle: { preventDestroy: true },
    });
    const key = options.keyPolicy;
    if (key) {
      this.keyPolicy = new KmsKeyPolicy(this, 'key-policy', {
        provider: key.provider,
        keyId: key.keyArn,
        policy: terraformLiteral(mergePolicy(key.base, [key.statement])),
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
