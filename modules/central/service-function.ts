/**
 * A central Lambda function from a prebuilt bundle zip: its own role with an inline least-privilege
 * policy, its own log group with retention (created first, so Lambda never creates one without it).
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { lambdaTrust, policyDocument, type Statement } from './iam.js';

export interface ServiceFunctionOptions {
  functionName: string;
  description: string;
  /** Path of the bundle zip written by `npm run build` (dist/<name>.zip). */
  zipPath: string;
  accountId: string;
  region: string;
  partition: string;
  memoryMb: number;
  timeoutSeconds: number;
  logRetentionDays: number;
  environment: Record<string, string>;
  /** What the function may do besides writing its own logs. */
  statements: Statement[];
}

/** Role + log group + function. */
export class ServiceFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, options: ServiceFunctionOptions) {
    super(scope, id);
    const { partition: p, region, accountId } = options;
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${options.functionName}`,
      retentionInDays: options.logRetentionDays,
    });
    this.role = new IamRole(this, 'role', {
      name: `${options.functionName}-${region}`,
      description: options.description,
      assumeRolePolicy: policyDocument(this, 'trust', lambdaTrust(accountId)).json,
    });
    const logs: Statement = {
      sid: 'OwnLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`arn:${p}:logs:${region}:${accountId}:log-group:/aws/lambda/${options.functionName}:*`],
    };
    new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: policyDocument(this, 'permissions', [logs, ...options.statements]).json,
    });
    const zip = readFileSync(options.zipPath);
    const asset = new TerraformAsset(this, 'code', { path: options.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: options.functionName,
      description: options.description,
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      memorySize: options.memoryMb,
      timeout: options.timeoutSeconds,
      filename: asset.path,
      sourceCodeHash: createHash('sha256').update(zip).digest('base64'),
      environment: { variables: { ...options.environment, NODE_OPTIONS: '--enable-source-maps' } },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup],
    });
  }
}
