import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import { isRestricted, parsePolicy, statementsOf } from '../../policy.js';
import type { RecordRule, RuleContext } from '../../types.js';

interface Exposure {
  everyone: boolean;
  write: boolean;
  outside: string[];
}

const WRITE = /^(\*|s3:\*|s3:put.*|s3:delete.*|s3:.*acl.*|s3:.*policy.*)$/i;

function exposure(r: CloudTrailRecord, ctx: RuleContext): Exposure {
  const out: Exposure = { everyone: false, write: false, outside: [] };
  const policy = parsePolicy(req(r, 'bucketPolicy')) ?? parsePolicy(req(r, 'policy'));
  for (const s of statementsOf(policy)) {
    if (s.effect !== 'Allow' || isRestricted(s)) continue;
    const outside = outsideAccounts(s.principals.accounts, r, ctx);
    if (s.principals.everyone || outside.length > 0) {
      out.everyone ||= s.principals.everyone;
      out.write ||= s.actions.some((a) => WRITE.test(a.trim())) || s.notActions.length > 0;
      out.outside.push(...outside);
    }
  }
  out.outside = [...new Set(out.outside)];
  return out;
}

const statement = (principal: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: principal, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'], ...extra },
  ],
});

/** A bucket policy opening the bucket to everyone or to an account outside the organization. */
export const bucketPolicyPublic: RecordRule = {
  id: 'aws.s3.bucket-policy-public',
  title: 'S3 bucket policy grants public or external access',
  description:
    'PutBucketPolicy whose Allow statements name Principal "*" (public) or an account outside the organization (every other account when the organization is unknown), without a condition that confines them (aws:PrincipalOrgID, aws:SourceVpce, aws:SourceAccount, a non-open aws:SourceIp, ...). Deny statements and service principals are ignored. Block Public Access may still neutralise a public policy; CloudTrail does not say.',
  severity: 'high',
  mitre: MITRE.dataFromCloudStorage,
  runbook:
    'Restore the previous policy from code, then check data access to the bucket (data events, access logs) from outside since the change.',
  prefilter: [clause('s3', 'PutBucketPolicy')],
  match: (r, ctx) => {
    if (!isEvent(r, 's3', 'PutBucketPolicy')) return false;
    const e = exposure(r, ctx);
    return e.everyone || e.outside.length > 0;
  },
  titleOf: (r, ctx) => {
    const e = exposure(r, ctx);
    const bucket = reqText(r, 'bucketName') ?? '(unknown)';
    return e.everyone
      ? `S3 bucket ${bucket} made public by its bucket policy`
      : `S3 bucket ${bucket} shared with account ${e.outside.join(', ')} by its bucket policy`;
  },
  severityOf: (r, ctx) => {
    const e = exposure(r, ctx);
    return e.everyone && e.write ? 'critical' : 'high';
  },
  context: (r, ctx) => ({ bucket: reqText(r, 'bucketName') ?? null, ...exposure(r, ctx), ...organizationBasis(ctx) }),
  cases: [
    {
      name: 'flags Principal "*"',
      expect: true,
      record: event('s3', 'PutBucketPolicy', {
        request: { bucketName: 'b', policy: '', bucketPolicy: statement('*') },
      }),
    },
    {
      name: 'flags {"AWS": "*"} given as a JSON string',
      expect: true,
      record: event('s3', 'PutBucketPolicy', {
        request: { bucketName: 'b', bucketPolicy: JSON.stringify(statement({ AWS: '*' })) },
      }),
    },
    {
      name: 'flags an external account (Stratus backdoor shape)',
      expect: true,
      record: event('s3', 'PutBucketPolicy', {
        request: { bucketName: 'b', bucketPolicy: statement({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }) },
      }),
    },
    {
      name: 'ignores public access confined to the organization',
      expect: false,
      record: event('s3', 'PutBucketPolicy', {
        request: {
          bucketName: 'b',
          bucketPolicy: statement('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
        },
      }),
    },
    {
      name: 'ignores a Deny statement for everyone',
      expect: false,
      record: event('s3', 'PutBucketPolicy', {
        request: {
          bucketName: 'b',
          bucketPolicy: {
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: '*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      }),
    },
    {
      name: 'ignores a service principal',
      expect: false,
      record: event('s3', 'PutBucketPolicy', {
        request: { bucketName: 'b', bucketPolicy: statement({ Service: 'cloudtrail.amazonaws.com' }) },
      }),
    },
    {
      name: 'ignores an account of the organization',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('s3', 'PutBucketPolicy', {
        request: { bucketName: 'b', bucketPolicy: statement({ AWS: `arn:aws:iam::${SIBLING_ACCOUNT}:role/reader` }) },
      }),
    },
    {
      name: 'ignores an empty policy in a failed call (TrailDiscover shape)',
      expect: false,
      record: event('s3', 'PutBucketPolicy', {
        error: 'NoSuchBucket',
        request: { bucketName: 'b', bucketPolicy: {}, policy: '' },
      }),
    },
  ],
};
