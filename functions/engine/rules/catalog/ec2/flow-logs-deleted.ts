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

/** VPC flow logs removed: network traffic of the VPC, subnet or interface is no longer recorded. */
export const flowLogsDeleted: RecordRule = {
  id: 'aws.ec2.flow-logs-deleted',
  title: 'VPC flow logs deleted',
  description:
    'DeleteFlowLogs: traffic of the VPC, subnet or network interface is no longer recorded. Infrastructure teardown (a DeleteVpc shortly after) is the usual benign cause.',
  severity: 'medium',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Check whether the VPC was deleted too (teardown) or still runs without flow logs; recreate them from code if so.',
  prefilter: [clause('ec2', 'DeleteFlowLogs')],
  match: (r) => isEvent(r, 'ec2', 'DeleteFlowLogs'),
  titleOf: (r) => `VPC flow logs deleted (${flowLogIds(r).join(', ') || 'unknown id'})`,
  context: (r) => ({ flowLogIds: flowLogIds(r) }),
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
      name: 'ignores CreateFlowLogs',
      expect: false,
      record: event('ec2', 'CreateFlowLogs', { request: { resourceIdSet: { items: [{ resourceId: 'vpc-1' }] } } }),
    },
  ],
};
