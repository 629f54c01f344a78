import { event } from '../../case-builder.js';
import { clause, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** The bucket's default encryption configuration removed. */
export const bucketEncryptionDeleted: RecordRule = {
  id: 'aws.s3.bucket-encryption-deleted',
  title: 'S3 bucket default encryption deleted',
  description:
    "DeleteBucketEncryption: the bucket's own default-encryption configuration (often SSE-KMS with a customer key) is removed and S3 falls back to SSE-S3, dropping the KMS key policy as an access control on new objects.",
  severity: 'medium',
  mitre: MITRE.dataEncryptedForImpact,
  runbook: 'Restore the encryption configuration from code and check who read or wrote objects since.',
  prefilter: [clause('s3', 'DeleteBucketEncryption')],
  match: (r) => isEvent(r, 's3', 'DeleteBucketEncryption'),
  titleOf: (r) =>
    `S3 default encryption deleted${named(reqText(r, 'bucketName') ? `on bucket ${reqText(r, 'bucketName')}` : undefined)}`,
  context: (r) => ({ bucket: reqText(r, 'bucketName') ?? null }),
  cases: [
    {
      name: 'flags DeleteBucketEncryption',
      expect: true,
      record: event('s3', 'DeleteBucketEncryption', { request: { bucketName: 'b', encryption: '' } }),
    },
    {
      name: 'ignores PutBucketEncryption',
      expect: false,
      record: event('s3', 'PutBucketEncryption', { request: { bucketName: 'b' } }),
    },
  ],
};
