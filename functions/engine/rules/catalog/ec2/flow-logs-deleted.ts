import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { findKey, list, text } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

const flowLogIds = (r: CloudTrailRecord): string[] =>
  [...findKey(r.requestParameters, 'FlowLogId'), ...findKey(r.requestParameters, 'flowLogIds')]
    .flatMap((v) => list(v))
    .map((v) => (typeof v === 'string' ? v : text(v, 'content')))
    .filter((v): v is string => v !== undefined);

/** Flow logs the response lists as not deleted (DeleteFlowLogs reports per-id failures and still "succeeds"). */
const unsuccessful = (r: CloudTrailRecord): string[] =>
  findKey(r.responseElements, 'unsuccessful')
    .flatMap((v) => list(v))
    .map((item) => text(item, 'resourceId'))
    .filter((v): v is string => v !== undefined);

/** The flow logs really deleted: requested minus unsuccessful (unknown ids count as one deletion). */
function deleted(r: CloudTrailRecord): string[] {
  const failed = new Set(unsuccessful(r));
  const ids = flowLogIds(r);
  if (ids.length === 0) return failed.size === 0 ? ['unknown id'] : [];
  return ids.filter((id) => !failed.has(id));
}

/** VPC flow logs removed: network traffic of the VPC, subnet or interface is no longer recorded. */
export const flowLogsDeleted: RecordRule = {
  id: 'aws.ec2.flow-logs-deleted',
  title: 'VPC flow logs deleted',
  description:
    'DeleteFlowLogs that deleted at least one flow log: traffic of the VPC, subnet or network interface is no longer recorded. The call reports per-id failures in its response (unsuccessful items, for instance InvalidFlowLogId.NotFound) without an errorCode; ids listed there were not deleted and do not count. Infrastructure teardown (a DeleteVpc shortly after) is the usual benign cause.',
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Check whether the VPC was deleted too (teardown) or still runs without flow logs; recreate them from code if so.',
  prefilter: [clause('ec2', 'DeleteFlowLogs')],
  match: (r) => isEvent(r, 'ec2', 'DeleteFlowLogs') && deleted(r).length > 0,
  titleOf: (r) => `VPC flow logs deleted (${deleted(r).join(', ')})`,
  context: (r) => ({ flowLogIds: deleted(r), notDeleted: unsuccessful(r) }),
  cases: [
    {
      name: 'flags DeleteFlowLogs (Stratus detonation shape)',
      expect: true,
      record: event('ec2', 'DeleteFlowLogs', {
        request: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0e17aa62a21d4bbfe', tag: 1 } } },
      }),
    },
    {
      name: 'ignores a DeleteFlowLogs rejected as invalid',
      expect: false,
      record: event('ec2', 'DeleteFlowLogs', { error: 'Client.InvalidParameterValue' }),
    },
    {
      name: 'ignores a deletion whose only flow log the response lists as unsuccessful',
      expect: false,
      record: event('ec2', 'DeleteFlowLogs', {
        request: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-1', tag: 1 } } },
        response: {
          DeleteFlowLogsResponse: {
            requestId: 'r-1',
            unsuccessful: {
              item: { error: { code: 'InvalidFlowLogId.NotFound', message: 'not found' }, resourceId: 'fl-1' },
            },
          },
        },
      }),
    },
    {
      name: 'flags the part of a deletion that succeeded',
      expect: true,
      record: event('ec2', 'DeleteFlowLogs', {
        request: {
          DeleteFlowLogsRequest: {
            FlowLogId: [
              { content: 'fl-1', tag: 1 },
              { content: 'fl-2', tag: 2 },
            ],
          },
        },
        response: {
          DeleteFlowLogsResponse: {
            unsuccessful: { item: [{ error: { code: 'InvalidFlowLogId.NotFound' }, resourceId: 'fl-2' }] },
          },
        },
      }),
    },
    {
      name: 'ignores CreateFlowLogs',
      expect: false,
      record: event('ec2', 'CreateFlowLogs', { request: { resourceIdSet: { items: [{ resourceId: 'vpc-1' }] } } }),
    },
  ],
};
