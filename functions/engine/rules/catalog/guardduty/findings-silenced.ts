import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

const trustsIps = (r: CloudTrailRecord): boolean =>
  isEvent(r, 'guardduty', 'CreateIPSet', 'UpdateIPSet') && flag(req(r, 'activate')) === true;
const archives = (r: CloudTrailRecord): boolean =>
  isEvent(r, 'guardduty', 'CreateFilter', 'UpdateFilter') &&
  (text(r.requestParameters, 'action') ?? '').toUpperCase() === 'ARCHIVE';

/** GuardDuty told to ignore: a trusted IP list activated, or a filter that archives new findings automatically. */
export const findingsSilenced: RecordRule = {
  id: 'aws.guardduty.findings-silenced',
  title: 'GuardDuty findings silenced',
  description:
    "CreateIPSet or UpdateIPSet with activate=true (a trusted IP list: GuardDuty generates no findings for activity from those addresses, so an attacker lists their own) or CreateFilter / UpdateFilter with action ARCHIVE (matching findings are archived as they arrive and never reach the console or Security Hub). High for a trusted IP list, medium for an archive filter (teams do suppress noisy finding types this way: check the criteria). The list's contents live in S3 (location in the context) and are not in CloudTrail.",
  severity: 'high',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.001 Impair Defenses: Disable or Modify Tools' },
  runbook:
    "Read the IP list at the S3 location or the filter's criteria; if they cover addresses or finding types you did not choose, deactivate or delete them and review archived findings.",
  prefilter: [clause('guardduty', 'CreateIPSet', 'UpdateIPSet', 'CreateFilter', 'UpdateFilter')],
  match: (r) => trustsIps(r) || archives(r),
  titleOf: (r) =>
    trustsIps(r)
      ? `GuardDuty trusted IP list${named(text(r.requestParameters, 'name') ?? text(r.requestParameters, 'ipSetId'))} activated`
      : `GuardDuty filter${named(text(r.requestParameters, 'name', 'filterName'))} archives findings automatically`,
  severityOf: (r) => (trustsIps(r) ? 'high' : 'medium'),
  context: (r) => ({
    detectorId: text(r.requestParameters, 'detectorId') ?? null,
    location: text(r.requestParameters, 'location') ?? null,
    findingCriteria: req(r, 'findingCriteria') ?? null,
  }),
  cases: [
    {
      name: 'flags a trusted IP list activated',
      expect: true,
      record: event('guardduty', 'CreateIPSet', {
        request: {
          detectorId: '12abc34d567e8fa901bc2d34e56789f0',
          name: 'office',
          format: 'TXT',
          location: 'https://s3.amazonaws.com/attacker-bucket/ips.txt',
          activate: true,
        },
      }),
    },
    {
      name: 'flags an archive filter',
      expect: true,
      record: event('guardduty', 'CreateFilter', {
        request: {
          detectorId: '12abc',
          name: 'quiet',
          action: 'ARCHIVE',
          findingCriteria: { criterion: { severity: { gte: 1 } } },
        },
      }),
    },
    {
      name: 'ignores an inactive IP list',
      expect: false,
      record: event('guardduty', 'CreateIPSet', {
        request: { detectorId: '12abc', name: 'draft', format: 'TXT', location: 's3://b/k', activate: false },
      }),
    },
    {
      name: 'ignores a filter that only tags findings',
      expect: false,
      record: event('guardduty', 'CreateFilter', { request: { detectorId: '12abc', name: 'view', action: 'NOOP' } }),
    },
    {
      name: 'ignores a threat intelligence list',
      expect: false,
      record: event('guardduty', 'CreateThreatIntelSet', { request: { detectorId: '12abc', activate: true } }),
    },
  ],
};
