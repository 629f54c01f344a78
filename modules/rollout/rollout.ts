/**
 * Puts the member template in every account: a service-managed StackSet with auto-deployment
 * (current and future accounts of the target OUs, in the agents' home region), plus the same
 * template as a plain stack in the management account, which service-managed StackSets never reach.
 * @module
 */
import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack/index.js';
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set/index.js';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance/index.js';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { trailBucketStatements, trailKeyStatement, type TrailReadPolicyOptions } from './log-archive-policy.js';

export interface RolloutOptions {
  stackSetName: string;
  stackName: string;
  /** The rendered member template (JSON). */
  templateBody: string;
  /** Template parameter values (bus ARN, artifact bucket, code key). */
  parameters: Record<string, string>;
  homeRegion: string;
  targetOuIds: readonly string[];
  callAs: 'SELF' | 'DELEGATED_ADMIN';
  failureTolerancePercentage: number;
  maxConcurrentPercentage: number;
  /** Provider of the account that administers the StackSet (the central account, or the management account when SELF). */
  stackSetProvider?: AwsProvider;
  /** Provider for the management account in the home region; absent: the management account gets no agent. */
  managementProvider?: AwsProvider;
  trailPolicy: TrailReadPolicyOptions & { hasKmsKey: boolean };
  tags: Record<string, string>;
}

/**
 * Text Terraform must pass through untouched: the template holds `${region}`/`${date}` (partition
 * projection), `${AWS::Region}` (Fn::Sub) and the policies `${aws:PrincipalAccount}`, which Terraform
 * would otherwise read as its own interpolations.
 */
export function terraformLiteral(text: string): string {
  // A function replacement: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** StackSet + OU instances + management-account stack + the log-archive statements as outputs. */
export class Rollout extends Construct {
  readonly stackSet: CloudformationStackSet;
  readonly managementStack?: CloudformationStack;

  constructor(scope: Construct, id: string, options: RolloutOptions) {
    super(scope, id);
    const templateBody = terraformLiteral(options.templateBody);
    const operationPreferences = {
      failureTolerancePercentage: options.failureTolerancePercentage,
      maxConcurrentPercentage: options.maxConcurrentPercentage,
      regionConcurrencyType: 'PARALLEL',
    };
    this.stackSet = new CloudformationStackSet(this, 'stack-set', {
      provider: options.stackSetProvider,
      name: options.stackSetName,
      description: 'ct-anomaly member agent (detector, baseline, CloudTrail table) in every account of the target OUs',
      permissionModel: 'SERVICE_MANAGED',
      callAs: options.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { active: true },
      operationPreferences,
      templateBody,
      parameters: options.parameters,
      tags: options.tags,
      // AWS fills in the administration role of service-managed stack sets.
      lifecycle: { ignoreChanges: ['administration_role_arn'] },
    });
    new CloudformationStackSetInstance(this, 'org-units', {
      provider: options.stackSetProvider,
      stackSetName: this.stackSet.name,
      callAs: options.callAs,
      region: options.homeRegion,
      deploymentTargets: { organizationalUnitIds: [...options.targetOuIds] },
      operationPreferences,
      retainStack: false,
    });
    if (options.managementProvider) {
      this.managementStack = new CloudformationStack(this, 'management-account', {
        provider: options.managementProvider,
        name: options.stackName,
        templateBody,
        parameters: options.parameters,
        capabilities: ['CAPABILITY_NAMED_IAM'],
        tags: options.tags,
      });
    }

    const output = (outputId: string, value: string, description: string) =>
      new TerraformOutput(this, outputId, { value, description }).overrideLogicalId(outputId.replace(/-/g, '_'));
    output('stack-set-name', this.stackSet.name, 'The StackSet that deploys the agent');
    output(
      'log_archive_bucket_policy_statements',
      terraformLiteral(JSON.stringify(trailBucketStatements(options.trailPolicy), null, 2)),
      'Add these statements to the organization trail bucket policy (log-archive account), once',
    );
    if (options.trailPolicy.hasKmsKey) {
      output(
        'trail_kms_key_policy_statement',
        terraformLiteral(JSON.stringify(trailKeyStatement(options.trailPolicy), null, 2)),
        'Add this statement to the trail KMS key policy, once',
      );
    }
  }
}
