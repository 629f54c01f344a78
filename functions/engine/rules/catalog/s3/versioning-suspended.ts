import { event } from '../../case-builder.js';
import { text } from '../../fields.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Object versioning suspended: overwritten and deleted objects can no longer be recovered. */
export const versioningSuspended: RecordRule = {
  id: 'aws.s3.versioning-suspended',
  title: 'S3 bucket versioning suspended',
  description:
    'PutBucketVersioning with Status=Suspended: from now on overwrites and deletes destroy data instead of keeping old versions, a common step before ransomware-style deletion.',
  severity: 'medium',
  mitre: MITRE.inhibitRecovery,
  runbook: 'Re-enable versioning and watch the bucket for mass DeleteObject / PutObject by the same caller.',
  prefilter: [clause('s3', 'PutBucketVersioning')],
  match: (r) =>
    isEvent(r, 's3', 'PutBucketVersioning') &&
    text(req(r, 'VersioningConfiguration'), 'Status')?.toLowerCase() === 'suspended',
  titleOf: (r) =>
    `S3 versioning suspended${named(reqText(r, 'bucketName') ? `on bucket ${reqText(r, 'bucketName')}` : undefined)}`,
  context: (r) => ({ bucket: reqText(r, 'bucketName') ?? null }),
  cases: [
    {
      name: 'flags Status=Suspended',
      expect: true,
      record: event('s3', 'PutBucketVersioning', {
        request: {
          bucketName: 'b',
          versioning: '',
          VersioningConfiguration: { Status: 'Suspended', xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
        },
      }),
    },
    {
      name: 'ignores Status=Enabled (TrailDiscover shape)',
      expect: false,
      record: event('s3', 'PutBucketVersioning', {
        request: { bucketName: 'b', versioning: '', VersioningConfiguration: { Status: 'Enabled' } },
      }),
    },
  ],
};
