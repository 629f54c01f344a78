import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { field, strings } from '../../fields.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const PUBLIC_CANNED = ['public-read', 'public-read-write', 'authenticated-read'];
const PUBLIC_GROUP = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;

function allStrings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 10) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) allStrings(v, out, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) allStrings(v, out, depth + 1);
  return out;
}

function grantees(r: CloudTrailRecord): string[] {
  const canned = strings(field(r.requestParameters, 'x-amz-acl'))
    .map((c) => c.toLowerCase())
    .find((c) => PUBLIC_CANNED.includes(c));
  const groups = allStrings(r.requestParameters).flatMap((s) =>
    [...s.matchAll(new RegExp(PUBLIC_GROUP, 'gi'))].map((m) => m[1] ?? ''),
  );
  return [...new Set([...(canned ? [canned] : []), ...groups])];
}

/** A bucket ACL granting access to everyone (or to every AWS account). */
export const bucketAclPublic: RecordRule = {
  id: 'aws.s3.bucket-acl-public',
  title: 'S3 bucket ACL grants public access',
  description:
    'PutBucketAcl, or CreateBucket (a bucket born public: only possible with ObjectOwnership ObjectWriter or BucketOwnerPreferred, since ACLs are off by default on new buckets), with a canned ACL public-read, public-read-write or authenticated-read, or a grant (body or x-amz-grant-* header) to the AllUsers or AuthenticatedUsers groups. Object ACLs (PutObjectAcl) are data events and not read. Block Public Access may still neutralise it; CloudTrail does not say.',
  severity: 'high',
  mitre: MITRE.dataFromCloudStorage,
  runbook:
    'Reset the ACL to private (and enforce bucket-owner ownership), then review access to the bucket since the change.',
  prefilter: [clause('s3', 'PutBucketAcl', 'CreateBucket')],
  match: (r) => isEvent(r, 's3', 'PutBucketAcl', 'CreateBucket') && grantees(r).length > 0,
  titleOf: (r) => `S3 bucket ${reqText(r, 'bucketName') ?? '(unknown)'} ACL grants access to ${grantees(r).join(', ')}`,
  severityOf: (r) => (grantees(r).some((g) => /write/i.test(g)) ? 'critical' : 'high'),
  context: (r) => ({ bucket: reqText(r, 'bucketName') ?? null, grantees: grantees(r) }),
  cases: [
    {
      name: 'flags a bucket created with a public-read canned ACL',
      expect: true,
      record: event('s3', 'CreateBucket', {
        request: {
          bucketName: 'b',
          Host: 'b.s3.amazonaws.com',
          'x-amz-acl': ['public-read'],
          'x-amz-object-ownership': ['ObjectWriter'],
        },
      }),
    },
    {
      name: 'ignores a bucket created private',
      expect: false,
      record: event('s3', 'CreateBucket', { request: { bucketName: 'b', 'x-amz-acl': ['private'] } }),
    },
    {
      name: 'ignores a public bucket creation refused because ACLs are disabled',
      expect: false,
      record: event('s3', 'CreateBucket', {
        error: 'InvalidBucketAclWithObjectOwnership',
        request: { bucketName: 'b', 'x-amz-acl': ['public-read'] },
      }),
    },
    {
      name: 'flags the public-read canned ACL (logged as a header list)',
      expect: true,
      record: event('s3', 'PutBucketAcl', { request: { bucketName: 'b', acl: '', 'x-amz-acl': ['public-read'] } }),
    },
    {
      name: 'flags a canned ACL given as a plain string',
      expect: true,
      record: event('s3', 'PutBucketAcl', { request: { bucketName: 'b', 'x-amz-acl': 'public-read-write' } }),
    },
    {
      name: 'flags a grant to AllUsers in the body',
      expect: true,
      record: event('s3', 'PutBucketAcl', {
        request: {
          bucketName: 'b',
          acl: '',
          AccessControlPolicy: {
            AccessControlList: {
              Grant: [
                {
                  Grantee: { 'xsi:type': 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' },
                  Permission: 'READ',
                },
              ],
            },
          },
        },
      }),
    },
    {
      name: 'flags an x-amz-grant-read header to AuthenticatedUsers',
      expect: true,
      record: event('s3', 'PutBucketAcl', {
        request: {
          bucketName: 'b',
          'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"',
        },
      }),
    },
    {
      name: 'ignores the private canned ACL',
      expect: false,
      record: event('s3', 'PutBucketAcl', { request: { bucketName: 'b', acl: '', 'x-amz-acl': ['private'] } }),
    },
    {
      name: 'ignores a grant to the log delivery group',
      expect: false,
      record: event('s3', 'PutBucketAcl', {
        request: { bucketName: 'b', 'x-amz-grant-write': 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' },
      }),
    },
    {
      name: 'ignores a failed call (TrailDiscover shape)',
      expect: false,
      record: event('s3', 'PutBucketAcl', {
        error: 'NoSuchBucket',
        request: { bucketName: 'b', 'x-amz-acl': 'public-read' },
      }),
    },
  ],
};
