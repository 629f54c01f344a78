import { event } from '../../case-builder.js';
import { clause, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** AWS Config no longer delivers snapshots and history. */
export const deliveryChannelDeleted: RecordRule = {
  id: 'aws.config.delivery-channel-deleted',
  title: 'AWS Config delivery channel deleted',
  description:
    'DeleteDeliveryChannel: Config stops delivering configuration history and snapshots to S3/SNS (the recorder must be stopped first, so this usually follows aws.config.recorder-stopped).',
  severity: 'medium',
  mitre: MITRE.disableTools,
  runbook: 'Recreate the delivery channel from code and check whether the recorder was stopped by the same caller.',
  prefilter: [clause('config', 'DeleteDeliveryChannel')],
  match: (r) => isEvent(r, 'config', 'DeleteDeliveryChannel'),
  titleOf: (r) => `AWS Config delivery channel${named(reqText(r, 'deliveryChannelName'))} deleted`,
  context: (r) => ({ deliveryChannel: reqText(r, 'deliveryChannelName') ?? null }),
  cases: [
    {
      name: 'flags DeleteDeliveryChannel',
      expect: true,
      record: event('config', 'DeleteDeliveryChannel', { request: { deliveryChannelName: 'default' } }),
    },
    {
      name: 'ignores PutDeliveryChannel',
      expect: false,
      record: event('config', 'PutDeliveryChannel', { request: { deliveryChannel: { name: 'default' } } }),
    },
  ],
};
