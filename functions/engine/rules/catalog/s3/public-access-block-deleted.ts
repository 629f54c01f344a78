import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { field, flag, str } from '../../fields.js';
import { isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];
// CloudTrail logs the bucket-level calls as ...BucketPublicAccessBlock; the plain API names are kept for other exporters.
const DELETES = ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock', 'DeletePublicAccessBlock'];
const PUTS = ['PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock', 'PutPublicAccessBlock'];

const isAccountLevel = (r: CloudTrailRecord): boolean =>
  str(r.eventName).includes('Account') ||
  (reqText(r, 'bucketName') === undefined && reqText(r, 'accountId') !== undefined);

function turnedOff(r: CloudTrailRecord): string[] {
  const config = req(r, 'PublicAccessBlockConfiguration');
  return SETTINGS.filter((s) => flag(field(config, s)) === false);
}

function matches(r: CloudTrailRecord): boolean {
  if (!str(r.eventSource).startsWith('s3')) return false;
  if (DELETES.includes(r.eventName ?? '')) return true;
  return PUTS.includes(r.eventName ?? '') && turnedOff(r).length > 0;
}

/** Block Public Access removed or weakened, for a bucket or the whole account. */
export const publicAccessBlockDeleted: RecordRule = {
  id: 'aws.s3.public-access-block-deleted',
  title: 'S3 Block Public Access removed',
  description:
    'DeleteBucketPublicAccessBlock / DeleteAccountPublicAccessBlock, or PutBucketPublicAccessBlock / PutAccountPublicAccessBlock turning any of its four settings off: buckets can then be made public by policy or ACL. Account-level changes are high, bucket-level medium.',
  severity: 'medium',
  mitre: MITRE.dataFromCloudStorage,
  runbook:
    'Restore Block Public Access, then look for PutBucketPolicy / PutBucketAcl making buckets public in the same window.',
  prefilter: [{ eventSources: ['s3.amazonaws.com', 's3-control.amazonaws.com'], eventNames: [...DELETES, ...PUTS] }],
  match: (r) => matches(r) && (isEvent(r, 's3', ...DELETES, ...PUTS) || isEvent(r, 's3-control', ...DELETES, ...PUTS)),
  titleOf: (r) => {
    const scope = isAccountLevel(r) ? 'for the whole account' : `on bucket ${reqText(r, 'bucketName') ?? '(unknown)'}`;
    return DELETES.includes(r.eventName ?? '')
      ? `S3 Block Public Access deleted ${scope}`
      : `S3 Block Public Access weakened ${scope} (${turnedOff(r).join(', ')} off)`;
  },
  severityOf: (r) => (isAccountLevel(r) ? 'high' : 'medium'),
  context: (r) => ({
    bucket: reqText(r, 'bucketName') ?? null,
    accountLevel: isAccountLevel(r),
    turnedOff: turnedOff(r),
  }),
  cases: [
    {
      name: 'flags DeleteBucketPublicAccessBlock',
      expect: true,
      record: event('s3', 'DeleteBucketPublicAccessBlock', {
        request: { bucketName: 'b', Host: 'b.s3.us-east-1.amazonaws.com', publicAccessBlock: '' },
      }),
    },
    {
      name: 'flags the API name DeletePublicAccessBlock',
      expect: true,
      record: event('s3', 'DeletePublicAccessBlock', { request: { bucketName: 'b', publicAccessBlock: '' } }),
    },
    {
      name: 'flags the account-level delete',
      expect: true,
      record: event('s3', 'DeleteAccountPublicAccessBlock', { request: { accountId: '111122223333' } }),
    },
    {
      name: 'flags settings turned off',
      expect: true,
      record: event('s3', 'PutBucketPublicAccessBlock', {
        request: {
          bucketName: 'b',
          publicAccessBlock: '',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: false,
            IgnorePublicAcls: false,
            BlockPublicPolicy: 'false',
            RestrictPublicBuckets: false,
          },
        },
      }),
    },
    {
      name: 'ignores all four settings on',
      expect: false,
      record: event('s3', 'PutPublicAccessBlock', {
        request: {
          bucketName: 'b',
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
      }),
    },
    {
      name: 'ignores GetBucketPublicAccessBlock',
      expect: false,
      record: event('s3', 'GetBucketPublicAccessBlock', { request: { bucketName: 'b' } }),
    },
  ],
};
