/**
 * Refused attempts to expose data, for `aws.general.denied-tampering-attempt`: the calls whose
 * successful form an exposure rule reports, recognised by that rule's own request test (judged with
 * the organization unknown, so any other account counts), keyed `eventSource:eventName`.
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Severity } from '../findings/index.js';
import { amiShared } from './catalog/ec2/ami-shared.js';
import { snapshotShared } from './catalog/ec2/snapshot-shared.js';
import { resourcePolicyPublic } from './catalog/general/resource-policy-public.js';
import { functionMadePublic } from './catalog/lambda/function-made-public.js';
import { instanceMadePublic } from './catalog/rds/instance-made-public.js';
import { rdsSnapshotShared } from './catalog/rds/snapshot-shared.js';
import { bucketAclPublic } from './catalog/s3/bucket-acl-public.js';
import { bucketPolicyPublic } from './catalog/s3/bucket-policy-public.js';
import { versioningSuspended } from './catalog/s3/versioning-suspended.js';
import { EMPTY_RULE_CONTEXT } from './context.js';
import { POLICY_CALLS } from './resource-policies.js';
import type { RecordRule } from './types.js';

/** A refused call worth reporting: words for the title, severity, and the request test. */
export interface ExposureAttempt {
  words: string;
  severity: Severity;
  when: (record: CloudTrailRecord) => boolean;
}

const by =
  (rule: RecordRule) =>
  (r: CloudTrailRecord): boolean => {
    try {
      return rule.match(r, EMPTY_RULE_CONTEXT) === true;
    } catch {
      return false;
    }
  };

const attempt = (words: string, rule: RecordRule, severity: Severity = 'medium'): ExposureAttempt => ({
  words,
  severity,
  when: by(rule),
});

/** Every refused exposure the denied-attempt rule reports. */
export const EXPOSURE_ATTEMPTS: Readonly<Record<string, ExposureAttempt>> = {
  'ec2.amazonaws.com:ModifySnapshotAttribute': attempt('share an EBS snapshot', snapshotShared),
  'ec2.amazonaws.com:ModifyImageAttribute': attempt('share an AMI', amiShared),
  'rds.amazonaws.com:ModifyDBSnapshotAttribute': attempt('share an RDS snapshot', rdsSnapshotShared),
  'rds.amazonaws.com:ModifyDBClusterSnapshotAttribute': attempt('share an RDS cluster snapshot', rdsSnapshotShared),
  'rds.amazonaws.com:ModifyDBInstance': attempt('make an RDS instance publicly accessible', instanceMadePublic),
  's3.amazonaws.com:PutBucketPolicy': attempt('open a bucket policy', bucketPolicyPublic),
  's3.amazonaws.com:PutBucketAcl': attempt('make a bucket ACL public', bucketAclPublic),
  's3.amazonaws.com:PutBucketVersioning': attempt('suspend bucket versioning', versioningSuspended, 'low'),
  'lambda.amazonaws.com:AddPermission20150331v2': attempt('make a Lambda function public', functionMadePublic),
  'lambda.amazonaws.com:AddPermission20150331': attempt('make a Lambda function public', functionMadePublic),
  ...Object.fromEntries(
    POLICY_CALLS.flatMap((c) =>
      c.eventNames.map((n) => [
        `${c.eventSource}:${n}`,
        attempt(`open a ${c.service} policy to everyone`, resourcePolicyPublic),
      ]),
    ),
  ),
};
