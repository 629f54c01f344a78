/**
 * IAM as typed policy documents (`aws_iam_policy_document`, evaluated by Terraform without any API
 * call): one helper so every statement reads the same way.
 * @module
 */
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

/** One statement; `conditions` are `[test, variable, values]`. */
export interface Statement {
  sid: string;
  effect?: 'Allow' | 'Deny';
  actions: string[];
  /** Absent only in trust policies. */
  resources?: string[];
  principals?: Array<{ type: 'AWS' | 'Service' | '*'; identifiers: string[] }>;
  conditions?: Array<[test: string, variable: string, values: string[]]>;
}

/** A policy document data source; use `.json`. */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: Statement[],
  provider?: TerraformProvider,
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    provider,
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? 'Allow',
      actions: s.actions,
      resources: s.resources,
      principals: s.principals,
      condition: s.conditions?.map(([test, variable, values]) => ({ test, variable, values })),
    })),
  });
}

/** The trust policy of a Lambda execution role in `accountId`. */
export function lambdaTrust(accountId: string): Statement[] {
  return [
    {
      sid: 'LambdaAssumesRole',
      actions: ['sts:AssumeRole'],
      principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
      conditions: [['StringEquals', 'aws:SourceAccount', [accountId]]],
    },
  ];
}
