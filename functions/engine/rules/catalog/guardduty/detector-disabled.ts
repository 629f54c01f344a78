import { event } from '../../case-builder.js';
import { flag } from '../../fields.js';
import { clause, isEvent, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** GuardDuty kept but suspended (UpdateDetector enable=false). */
export const detectorDisabled: RecordRule = {
  id: 'aws.guardduty.detector-disabled',
  title: 'GuardDuty detector disabled',
  description:
    'UpdateDetector with enable=false: GuardDuty keeps its configuration and findings but stops analysing the region. Updates that leave the detector enabled (or do not mention enable) are ignored.',
  severity: 'high',
  mitre: MITRE.disableTools,
  runbook: 'Re-enable the detector (UpdateDetector enable=true) and find out why it was suspended.',
  prefilter: [clause('guardduty', 'UpdateDetector')],
  match: (r) => isEvent(r, 'guardduty', 'UpdateDetector') && flag(req(r, 'enable')) === false,
  titleOf: (r) => `GuardDuty detector disabled in ${r.awsRegion ?? 'an unknown region'}`,
  context: (r) => ({ detectorId: reqText(r, 'detectorId') ?? null }),
  cases: [
    {
      name: 'flags UpdateDetector enable=false',
      expect: true,
      record: event('guardduty', 'UpdateDetector', { request: { detectorId: 'd', enable: false } }),
    },
    {
      name: 'reads enable given as a string',
      expect: true,
      record: event('guardduty', 'UpdateDetector', { request: { detectorId: 'd', enable: 'false' } }),
    },
    {
      name: 'ignores UpdateDetector enable=true (TrailDiscover shape)',
      expect: false,
      record: event('guardduty', 'UpdateDetector', {
        request: { detectorId: 'd', enable: true, findingPublishingFrequency: 'SIX_HOURS' },
      }),
    },
    {
      name: 'ignores UpdateDetector changing only the frequency',
      expect: false,
      record: event('guardduty', 'UpdateDetector', {
        request: { detectorId: 'd', findingPublishingFrequency: 'SIX_HOURS' },
      }),
    },
  ],
};
