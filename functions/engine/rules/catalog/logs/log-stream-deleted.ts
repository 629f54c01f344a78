import { event } from '../../case-builder.js';
import { clause, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** One log stream and its events deleted. */
export const logStreamDeleted: RecordRule = {
  id: 'aws.logs.log-stream-deleted',
  title: 'CloudWatch log stream deleted',
  description:
    "DeleteLogStream: the stream and its log events are gone for good; deleting a single stream is a precise way to remove one host's or one function's traces.",
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook: 'Find what the stream recorded (instance, function, trail) and whether its events were exported elsewhere.',
  prefilter: [clause('logs', 'DeleteLogStream')],
  match: (r) => isEvent(r, 'logs', 'DeleteLogStream'),
  titleOf: (r) =>
    `CloudWatch log stream${named(reqText(r, 'logStreamName'))} deleted${named(reqText(r, 'logGroupName') ? `from ${reqText(r, 'logGroupName')}` : undefined)}`,
  context: (r) => ({ logGroup: reqText(r, 'logGroupName') ?? null, logStream: reqText(r, 'logStreamName') ?? null }),
  cases: [
    {
      name: 'flags DeleteLogStream',
      expect: true,
      record: event('logs', 'DeleteLogStream', {
        request: { logGroupName: '/var/log/secure', logStreamName: 'i-0abc' },
      }),
    },
    {
      name: 'ignores CreateLogStream',
      expect: false,
      record: event('logs', 'CreateLogStream', { request: { logGroupName: 'g', logStreamName: 's' } }),
    },
  ],
};
