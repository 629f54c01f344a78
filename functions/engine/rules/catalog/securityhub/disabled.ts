import { event } from '../../case-builder.js';
import { clause, isEvent } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** Security Hub switched off in a region. */
export const securityHubDisabled: RecordRule = {
  id: 'aws.securityhub.disabled',
  title: 'Security Hub disabled',
  description:
    'DisableSecurityHub: Security Hub stops aggregating findings and running standards checks in the region; existing findings are deleted after 90 days.',
  severity: 'high',
  mitre: MITRE.disableTools,
  runbook:
    'Re-enable Security Hub (or let the delegated administrator re-enable it) and review what the caller did next.',
  prefilter: [clause('securityhub', 'DisableSecurityHub')],
  match: (r) => isEvent(r, 'securityhub', 'DisableSecurityHub'),
  titleOf: (r) => `Security Hub disabled in ${r.awsRegion ?? 'an unknown region'}`,
  cases: [
    { name: 'flags DisableSecurityHub', expect: true, record: event('securityhub', 'DisableSecurityHub') },
    { name: 'ignores EnableSecurityHub', expect: false, record: event('securityhub', 'EnableSecurityHub') },
    {
      name: 'ignores DisableImportFindingsForProduct',
      expect: false,
      record: event('securityhub', 'DisableImportFindingsForProduct'),
    },
  ],
};
