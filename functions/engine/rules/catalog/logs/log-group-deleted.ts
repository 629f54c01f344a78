import { event, identity } from '../../case-builder.js';
import { clause, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** A CloudWatch Logs log group and every event in it deleted. */
export const logGroupDeleted: RecordRule = {
  id: 'aws.logs.log-group-deleted',
  title: 'CloudWatch log group deleted',
  description:
    'DeleteLogGroup: the group and all its log events are gone for good. Stack teardowns do this routinely (their calls come through CloudFormation and score lower); a person doing it by hand is rarer.',
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Check what the group held (a trail, VPC flow logs, Lambda logs) and whether a stack deletion explains it; if not, treat the caller as hiding tracks.',
  prefilter: [clause('logs', 'DeleteLogGroup')],
  match: (r) => isEvent(r, 'logs', 'DeleteLogGroup'),
  titleOf: (r) => `CloudWatch log group${named(reqText(r, 'logGroupName'))} deleted`,
  context: (r) => ({ logGroup: reqText(r, 'logGroupName') ?? null }),
  cases: [
    {
      name: 'flags DeleteLogGroup',
      expect: true,
      record: event('logs', 'DeleteLogGroup', { request: { logGroupName: '/aws/cloudtrail/org' } }),
    },
    {
      name: 'flags DeleteLogGroup by a role',
      expect: true,
      record: event('logs', 'DeleteLogGroup', { as: identity.role('x'), request: { logGroupName: 'g' } }),
    },
    {
      name: 'ignores deleting a group that does not exist',
      expect: false,
      record: event('logs', 'DeleteLogGroup', { error: 'ResourceNotFoundException', request: { logGroupName: 'g' } }),
    },
    {
      name: 'ignores DeleteLogStream',
      expect: false,
      record: event('logs', 'DeleteLogStream', { request: { logGroupName: 'g', logStreamName: 's' } }),
    },
  ],
};
