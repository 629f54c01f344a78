/**
 * Puts the member template in every account, in stages: an optional canary StackSet (its own OUs, or
 * chosen accounts of the target OUs) and the main StackSet (every other target account, current and
 * future: service-managed, auto-deployment on), each with its own failure tolerance. A new agent version
 * is a new template (the per-region code versions live in its Mappings): Terraform updates the canary
 * StackSet and waits for its operation; only if it succeeded does the main StackSet follow, so a version
 * that breaks the canary never reaches the rest. The management account, which service-managed StackSets
 * never reach, gets plain stacks (one per agent region) after the canary.
 * @module
 */
import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack/index.js';
import { CloudformationStackSet } from '@cdktf/provider-aws/lib/cloudformation-stack-set/index.js';
import { CloudformationStackSetInstance } from '@cdktf/provider-aws/lib/cloudformation-stack-set-instance/index.js';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { type ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { trailBucketStatements, trailKeyStatement, type TrailReadPolicyOptions } from './log-archive-policy.js';

/** Failure tolerance and concurrency of one stage. */
export interface StagePace {
  failureTolerancePercentage: number;
  maxConcurrentPercentage: number;
}

/** The canary: OUs of its own, or accounts of the target OUs. */
export interface CanaryStage extends StagePace {
  organizationalUnitIds: readonly string[];
  accounts: readonly string[];
}

export interface RolloutOptions {
  stackSetName: string;
  stackName: string;
  /** The rendered member template (JSON; may hold Terraform references to the code's object versions). */
  templateBody: string;
  /** The template of the management account's stacks (without the StackSet-only guard rails). */
  managementTemplateBody: string;
  /** Parameter values of every stack. */
  parameters: Record<string, string>;
  /** Agent regions, the home region first. */
  regions: readonly string[];
  targetOuIds: readonly string[];
  canary?: CanaryStage;
  main: StagePace;
  callAs: 'SELF' | 'DELEGATED_ADMIN';
  /** Provider of the account that administers the StackSets (the central account, or the management account when SELF). */
  stackSetProvider?: AwsProvider;
  /** The management account's provider per agent region; absent: the management account gets no agent. */
  managementProviders?: Record<string, AwsProvider>;
  trailPolicy: TrailReadPolicyOptions & { hasKmsKey: boolean };
  /** Values of the `agent_bundle` output (what a rollback pins). */
  bundle: { version: unknown; s3VersionIds: Record<string, unknown> };
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

/** A StackSet operation over 500 accounts takes longer than the provider's default 30 minutes. */
const LONG = '6h';

/** StackSets (canary, main) + their instances per region + management-account stacks + outputs. */
export class Rollout extends Construct {
  readonly stackSet: CloudformationStackSet;
  readonly canaryStackSet?: CloudformationStackSet;
  readonly instances: CloudformationStackSetInstance[] = [];
  readonly canaryInstances: CloudformationStackSetInstance[] = [];
  readonly managementStacks: CloudformationStack[] = [];

  constructor(scope: Construct, id: string, options: RolloutOptions) {
    super(scope, id);
    const home = options.regions[0]!;
    const stackSet = (
      setId: string,
      name: string,
      pace: StagePace,
      autoDeploy: boolean,
      after: ITerraformDependable[],
    ) =>
      new CloudformationStackSet(this, setId, {
        provider: options.stackSetProvider,
        name,
        description:
          'ct-anomaly member agent (detector, baseline, CloudTrail table) in every account of the target OUs',
        permissionModel: 'SERVICE_MANAGED',
        callAs: options.callAs,
        autoDeployment: { enabled: autoDeploy, ...(autoDeploy ? { retainStacksOnAccountRemoval: false } : {}) },
        capabilities: ['CAPABILITY_NAMED_IAM'],
        managedExecution: { active: true },
        operationPreferences: { ...pace, regionConcurrencyType: 'PARALLEL' },
        templateBody: options.templateBody,
        parameters: options.parameters,
        tags: options.tags,
        timeouts: { update: LONG },
        // AWS fills in the administration role of service-managed stack sets.
        lifecycle: { ignoreChanges: ['administration_role_arn'] },
        dependsOn: after,
      });
    const instance = (
      instanceId: string,
      set: CloudformationStackSet,
      region: string,
      targets: object,
      pace: StagePace,
      after: ITerraformDependable[],
    ) =>
      new CloudformationStackSetInstance(this, instanceId, {
        provider: options.stackSetProvider,
        stackSetName: set.name,
        callAs: options.callAs,
        region,
        deploymentTargets: targets,
        operationPreferences: pace,
        retainStack: false,
        timeouts: { create: LONG, update: LONG, delete: LONG },
        dependsOn: after,
      });

    let after: ITerraformDependable[] = [];
    let mainOus = [...options.targetOuIds];
    let mainTargets: object = { organizationalUnitIds: mainOus };
    const canary = options.canary;
    if (canary) {
      const { organizationalUnitIds: canaryOus, accounts, ...pace } = canary;
      const byAccount = accounts.length > 0;
      // Account canaries are fixed accounts: auto-deployment stays with the main StackSet, which owns their OUs.
      this.canaryStackSet = stackSet('canary-stack-set', `${options.stackSetName}-canary`, pace, !byAccount, []);
      const targets = byAccount
        ? {
            organizationalUnitIds: [...options.targetOuIds],
            accounts: [...accounts],
            accountFilterType: 'INTERSECTION',
          }
        : { organizationalUnitIds: [...canaryOus] };
      for (const region of options.regions)
        this.canaryInstances.push(instance(`canary-${region}`, this.canaryStackSet, region, targets, pace, []));
      after = [this.canaryStackSet, ...this.canaryInstances];
      if (byAccount)
        mainTargets = { organizationalUnitIds: mainOus, accounts: [...accounts], accountFilterType: 'DIFFERENCE' };
      else {
        mainOus = mainOus.filter((ou) => !canaryOus.includes(ou));
        mainTargets = { organizationalUnitIds: mainOus };
      }
    }
    this.stackSet = stackSet('stack-set', options.stackSetName, options.main, true, after);
    for (const region of options.regions)
      this.instances.push(
        instance(
          region === home ? 'org-units' : `org-units-${region}`,
          this.stackSet,
          region,
          mainTargets,
          options.main,
          after,
        ),
      );
    for (const region of options.regions) {
      const provider = options.managementProviders?.[region];
      if (!provider) continue;
      this.managementStacks.push(
        new CloudformationStack(this, region === home ? 'management-account' : `management-account-${region}`, {
          provider,
          name: options.stackName,
          templateBody: options.managementTemplateBody,
          parameters: options.parameters,
          capabilities: ['CAPABILITY_NAMED_IAM'],
          tags: options.tags,
          dependsOn: after,
        }),
      );
    }

    const output = (outputId: string, value: unknown, description: string) =>
      new TerraformOutput(this, outputId, { value, description }).overrideLogicalId(outputId.replace(/-/g, '_'));
    output('stack-set-name', this.stackSet.name, 'The StackSet that deploys the agent');
    output(
      'agent_bundle',
      options.bundle,
      'The agent bundle this deploy rolls out: to roll back later, copy it into agents.pinVersion',
    );
    output(
      'log_archive_bucket_policy_statements',
      terraformLiteral(JSON.stringify(trailBucketStatements(options.trailPolicy), null, 2)),
      'The trail bucket policy statements the agents need (applied by the stack when logArchive is configured)',
    );
    if (options.trailPolicy.hasKmsKey) {
      output(
        'trail_kms_key_policy_statement',
        terraformLiteral(JSON.stringify(trailKeyStatement(options.trailPolicy), null, 2)),
        'The trail KMS key policy statement the agents need (applied by the stack when logArchive.keyPolicyFile is set)',
      );
    }
  }
}
