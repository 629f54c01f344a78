/**
 * Guard rail: a service control policy on the target OUs that denies changing or deleting the agent's
 * stack, roles, function, schedule, baseline table and query path to every principal but the StackSet
 * execution role (and the break-glass principals the config names). Accounts' own administrators can no
 * longer switch their agent off; the management account, which SCPs never bind, keeps its plain stack.
 * @module
 */
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy/index.js';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment/index.js';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { Construct } from 'constructs';
import type { PolicyStatement } from '../member-agent/cfn.js';
import { STACK_CHANGE_CALLS, STACKSET_EXECUTION_ROLE_PREFIX } from '../member-agent/stack-watch.js';
import type { MemberNames } from '../shared/names.js';

/** The largest SCP AWS accepts, in characters (whitespace counts: the document is written minified). */
export const SCP_MAX_CHARS = 5120;

export interface AgentProtectionOptions {
  partition: string;
  policyName: string;
  names: MemberNames;
  /** The StackSet(s) deploying the agent: their stacks are `StackSet-<name>-<id>`. */
  stackSetName: string;
  targetOuIds: readonly string[];
  /** Principals let through besides the StackSet execution roles. */
  exemptPrincipalArns: readonly string[];
  /** The management account's provider (SCPs are managed there). */
  provider: AwsProvider;
  tags: Record<string, string>;
}

/** The policy document (typed; minified into the SCP). */
export function agentProtectionPolicy(
  o: Omit<AgentProtectionOptions, 'provider' | 'policyName' | 'targetOuIds' | 'tags'>,
): {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
} {
  const { partition: p, names } = o;
  const execution = `arn:${p}:iam::*:role/${STACKSET_EXECUTION_ROLE_PREFIX}*`;
  const deployers = [execution, ...o.exemptPrincipalArns];
  const agentRole = `arn:${p}:iam::*:role/${names.agentRolePrefix}-*`;
  const deny = (Sid: string, Action: string[], Resource: string[], exempt = deployers): PolicyStatement => ({
    Sid,
    Effect: 'Deny',
    Action,
    Resource,
    Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } },
  });
  const arn = (service: string, resource: string) => `arn:${p}:${service}:*:*:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      deny(
        'CtAnomalyProtectAgentStack',
        [...STACK_CHANGE_CALLS].map((a) => `cloudformation:${a}`),
        [arn('cloudformation', `stack/StackSet-${o.stackSetName}-*`)],
      ),
      deny(
        'CtAnomalyProtectAgentRoles',
        [
          'iam:DeleteRole',
          'iam:DeleteRolePolicy',
          'iam:PutRolePolicy',
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:UpdateRole',
          'iam:PutRolePermissionsBoundary',
          'iam:DeleteRolePermissionsBoundary',
        ],
        [agentRole, `arn:${p}:iam::*:role/${names.forwarderRolePrefix}-*`],
      ),
      deny(
        'CtAnomalyProtectAgentFunction',
        [
          'lambda:DeleteFunction',
          'lambda:UpdateFunctionCode',
          'lambda:UpdateFunctionConfiguration',
          'lambda:PutFunctionConcurrency',
          'lambda:DeleteFunctionConcurrency',
          'lambda:AddPermission',
          'lambda:RemovePermission',
          'lambda:PutFunctionEventInvokeConfig',
          'lambda:UpdateFunctionEventInvokeConfig',
          'lambda:DeleteFunctionEventInvokeConfig',
        ],
        [arn('lambda', `function:${names.detectorFunction}`)],
      ),
      deny(
        'CtAnomalyProtectAgentRules',
        ['events:DeleteRule', 'events:DisableRule', 'events:PutRule', 'events:PutTargets', 'events:RemoveTargets'],
        [names.scheduleRule, names.stackEventsRule, names.stackCallsRule].map((r) => arn('events', `rule/${r}`)),
      ),
      deny(
        'CtAnomalyProtectAgentTable',
        ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive'],
        [arn('dynamodb', `table/${names.baselineTable}`)],
      ),
      // Only the agent writes its baseline: no one can plant "already known" entries to blind it.
      deny(
        'CtAnomalyOnlyTheAgentWritesItsBaseline',
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        [arn('dynamodb', `table/${names.baselineTable}`)],
        [...deployers, agentRole],
      ),
      deny(
        'CtAnomalyProtectAgentQueryPath',
        [
          'athena:DeleteWorkGroup',
          'athena:UpdateWorkGroup',
          'glue:DeleteDatabase',
          'glue:UpdateDatabase',
          'glue:DeleteTable',
          'glue:UpdateTable',
          'logs:DeleteLogGroup',
          'logs:PutRetentionPolicy',
          'sqs:DeleteQueue',
          'sqs:SetQueueAttributes',
        ],
        [
          arn('athena', `workgroup/${names.workGroup}`),
          arn('glue', `database/${names.glueDatabase}`),
          arn('glue', `table/${names.glueDatabase}/${names.glueTable}`),
          arn('logs', `log-group:${names.detectorLogGroup}`),
          arn('sqs', names.detectorDlq),
        ],
      ),
    ],
  };
}

/** The SCP and its attachment to every target OU. */
export class AgentProtection extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, options: AgentProtectionOptions) {
    super(scope, id);
    const content = JSON.stringify(agentProtectionPolicy(options));
    if (content.length > SCP_MAX_CHARS)
      throw new Error(
        `the agent protection SCP is ${content.length} characters, over the ${SCP_MAX_CHARS} AWS accepts`,
      );
    this.policy = new OrganizationsPolicy(this, 'policy', {
      provider: options.provider,
      name: options.policyName,
      description: 'ct-anomaly: only the StackSet may change or remove the anomaly-detection agent',
      type: 'SERVICE_CONTROL_POLICY',
      content,
      tags: options.tags,
    });
    options.targetOuIds.forEach((ou) => {
      new OrganizationsPolicyAttachment(this, `attach-${ou}`, {
        provider: options.provider,
        policyId: this.policy.id,
        targetId: ou,
      });
    });
  }
}
