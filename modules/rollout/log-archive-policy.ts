/**
 * What the log-archive account must grant the agents (applied by the stack when the config names the
 * log-archive account, printed as outputs otherwise): bucket policy statements letting each account's agent role read only its own account's prefix of
 * the organization trail (`${aws:PrincipalAccount}` is resolved per request by IAM), and the trail KMS
 * key policy statement letting those roles decrypt through S3.
 * @module
 */
import type { PolicyStatement } from '../member-agent/cfn.js';
import { trailKeyPrefix, type TrailLocation } from '../member-agent/glue-table.js';

export interface TrailReadPolicyOptions {
  partition: string;
  trail: Omit<TrailLocation, 'regions' | 'startDate'>;
  /** Agent role name prefix: roles are `<prefix>-<region>` in every account. */
  agentRolePrefix: string;
}

const ACCOUNT = '${aws:PrincipalAccount}';

/** Statements to merge into the trail bucket's policy. */
export function trailBucketStatements(options: TrailReadPolicyOptions): PolicyStatement[] {
  const { partition: p, trail } = options;
  const bucketArn = `arn:${p}:s3:::${trail.bucket}`;
  const ownPrefix = `${trailKeyPrefix(trail)}${ACCOUNT}/CloudTrail/`;
  const who = {
    StringEquals: { 'aws:PrincipalOrgID': trail.organizationId },
    ArnLike: { 'aws:PrincipalArn': `arn:${p}:iam::*:role/${options.agentRolePrefix}-*` },
  };
  return [
    {
      Sid: 'CtAnomalyAgentsReadOwnAccountPrefix',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetObject',
      Resource: `${bucketArn}/${ownPrefix}*`,
      Condition: who,
    },
    {
      Sid: 'CtAnomalyAgentsListOwnAccountPrefix',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { ...who, StringLike: { 's3:prefix': `${ownPrefix}*` } },
    },
    {
      Sid: 'CtAnomalyAgentsLocateBucket',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:GetBucketLocation',
      Resource: bucketArn,
      Condition: who,
    },
  ];
}

/** The statement to add to the trail's KMS key policy (only when the trail uses SSE-KMS). */
export function trailKeyStatement(options: TrailReadPolicyOptions): PolicyStatement {
  return {
    Sid: 'CtAnomalyAgentsDecryptTrailThroughS3',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': options.trail.organizationId },
      ArnLike: { 'aws:PrincipalArn': `arn:${options.partition}:iam::*:role/${options.agentRolePrefix}-*` },
      StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' },
    },
  };
}
