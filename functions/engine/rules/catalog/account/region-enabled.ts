import { event } from '../../case-builder.js';
import { isEvent, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** An opt-in region enabled: a place attackers like because monitoring rarely covers it yet. */
export const regionEnabled: RecordRule = {
  id: 'aws.account.region-enabled',
  title: 'Opt-in region enabled',
  description:
    'EnableRegion (AWS Account Management): an opt-in region becomes usable. Attackers enable unused regions to run resources where trails, GuardDuty and budgets do not look. Check that the trail and detectors cover the new region.',
  severity: 'medium',
  mitre: MITRE.unusedRegions,
  runbook:
    'Confirm the region was requested; make sure the organization trail, GuardDuty and Security Hub cover it, or disable it again.',
  prefilter: [{ eventNames: ['EnableRegion'] }],
  match: (r) =>
    isEvent(r, 'account', 'EnableRegion') || (r.eventName === 'EnableRegion' && reqText(r, 'RegionName') !== undefined),
  titleOf: (r) =>
    `Region ${reqText(r, 'RegionName') ?? '(unknown)'} enabled${reqText(r, 'AccountId') ? ` for account ${reqText(r, 'AccountId')}` : ''}`,
  context: (r) => ({ region: reqText(r, 'RegionName') ?? null, targetAccount: reqText(r, 'AccountId') ?? null }),
  cases: [
    {
      name: 'flags EnableRegion',
      expect: true,
      record: event('account', 'EnableRegion', { request: { RegionName: 'me-central-1' } }),
    },
    {
      name: 'flags EnableRegion for a member account',
      expect: true,
      record: event('account', 'EnableRegion', { request: { AccountId: '444455556666', RegionName: 'ap-east-1' } }),
    },
    {
      name: 'ignores DisableRegion',
      expect: false,
      record: event('account', 'DisableRegion', { request: { RegionName: 'me-central-1' } }),
    },
    { name: 'ignores ListRegions', expect: false, record: event('account', 'ListRegions') },
  ],
};
