import { event, identity } from '../../case-builder.js';
import { clause, isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** GuardDuty is switched off in a region by deleting its detector. */
export const detectorDeleted: RecordRule = {
  id: 'aws.guardduty.detector-deleted',
  title: 'GuardDuty detector deleted',
  description: 'DeleteDetector: GuardDuty stops monitoring the region and its existing findings are deleted.',
  severity: 'high',
  mitre: MITRE.disableTools,
  runbook:
    "Re-enable GuardDuty in the region (or let the delegated administrator auto-enable it) and review the caller's other activity; findings of the deleted detector are gone.",
  prefilter: [clause('guardduty', 'DeleteDetector')],
  match: (r) => isEvent(r, 'guardduty', 'DeleteDetector'),
  titleOf: (r) => `GuardDuty detector deleted in ${r.awsRegion ?? 'an unknown region'}`,
  context: (r) => ({ detectorId: reqText(r, 'detectorId') ?? null }),
  cases: [
    {
      name: 'flags DeleteDetector',
      expect: true,
      record: event('guardduty', 'DeleteDetector', { request: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' } }),
    },
    {
      name: 'ignores a denied DeleteDetector (TrailDiscover shape)',
      expect: false,
      record: event('guardduty', 'DeleteDetector', {
        as: identity.role('x'),
        error: 'AccessDenied',
        request: { detectorId: 'd' },
      }),
    },
    {
      name: 'ignores CreateDetector',
      expect: false,
      record: event('guardduty', 'CreateDetector', { request: { enable: true } }),
    },
  ],
};
