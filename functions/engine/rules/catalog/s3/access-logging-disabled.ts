import { event } from '../../case-builder.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Server access logging switched off for a bucket. */
export const accessLoggingDisabled: RecordRule = {
  id: 'aws.s3.access-logging-disabled',
  title: 'S3 server access logging disabled',
  description:
    'PutBucketLogging with a BucketLoggingStatus that has no LoggingEnabled element: object-level requests to the bucket are no longer logged (CloudTrail data events, if enabled, still are).',
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Re-enable access logging from code and check recent data access to the bucket through CloudTrail data events if you have them.',
  prefilter: [clause('s3', 'PutBucketLogging')],
  match: (r) => {
    if (!isEvent(r, 's3', 'PutBucketLogging')) return false;
    const status = req(r, 'BucketLoggingStatus');
    return status !== undefined && req(r, 'BucketLoggingStatus.LoggingEnabled') === undefined;
  },
  titleOf: (r) =>
    `S3 access logging disabled${named(reqText(r, 'bucketName') ? `on bucket ${reqText(r, 'bucketName')}` : undefined)}`,
  context: (r) => ({ bucket: reqText(r, 'bucketName') ?? null }),
  cases: [
    {
      name: 'flags an empty logging status',
      expect: true,
      record: event('s3', 'PutBucketLogging', {
        request: {
          logging: '',
          bucketName: 'critical-data',
          BucketLoggingStatus: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
        },
      }),
    },
    {
      name: 'ignores enabling logging',
      expect: false,
      record: event('s3', 'PutBucketLogging', {
        request: {
          bucketName: 'b',
          BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'b/' } },
        },
      }),
    },
    {
      name: 'ignores GetBucketLogging',
      expect: false,
      record: event('s3', 'GetBucketLogging', { request: { bucketName: 'b', logging: '' } }),
    },
  ],
};
