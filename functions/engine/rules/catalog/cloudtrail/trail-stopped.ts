import { event, identity } from '../../case-builder.js';
import { clause, deniedResource, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** StopLogging: the trail stays but records nothing until someone restarts it. */
export const trailStopped: RecordRule = {
  id: 'aws.cloudtrail.trail-stopped',
  title: 'CloudTrail logging stopped',
  description:
    'StopLogging on a trail: every later API call in the regions it covers goes unrecorded until StartLogging.',
  severity: 'high',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Restart logging (StartLogging) now, then find out who stopped it and what they did while the trail was silent (other trails, CloudTrail Lake, service logs).',
  prefilter: [clause('cloudtrail', 'StopLogging')],
  match: (r) => isEvent(r, 'cloudtrail', 'StopLogging'),
  titleOf: (r) =>
    `CloudTrail logging stopped${named(reqText(r, 'name') ?? deniedResource(r)) ? ` on trail${named(reqText(r, 'name') ?? deniedResource(r))}` : ''}`,
  context: (r) => ({ trail: reqText(r, 'name') ?? null }),
  cases: [
    {
      name: 'flags StopLogging by an IAM user',
      expect: true,
      record: event('cloudtrail', 'StopLogging', { request: { name: 'org-trail' } }),
    },
    {
      name: 'flags StopLogging from an assumed role',
      expect: true,
      record: event('cloudtrail', 'StopLogging', {
        as: identity.role('Deployer'),
        request: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail' },
      }),
    },
    {
      name: 'ignores a denied StopLogging (aws.general.denied-tampering-attempt reports it)',
      expect: false,
      record: event('cloudtrail', 'StopLogging', { error: 'AccessDenied' }),
    },
    {
      name: 'ignores StopLogging that failed for another reason',
      expect: false,
      record: event('cloudtrail', 'StopLogging', { error: 'TrailNotFoundException' }),
    },
    {
      name: 'ignores StartLogging',
      expect: false,
      record: event('cloudtrail', 'StartLogging', { request: { name: 'org-trail' } }),
    },
  ],
};
