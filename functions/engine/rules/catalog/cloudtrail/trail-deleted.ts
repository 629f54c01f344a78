import { event, identity } from '../../case-builder.js';
import { clause, deniedResource, isEvent, named, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

/** DeleteTrail: the trail and its configuration are gone. */
export const trailDeleted: RecordRule = {
  id: 'aws.cloudtrail.trail-deleted',
  title: 'CloudTrail trail deleted',
  description:
    'DeleteTrail: the trail stops delivering and its configuration (selectors, destinations) is lost; the delivered files stay in S3.',
  severity: 'high',
  mitre: MITRE.disableCloudLogs,
  runbook:
    'Recreate the trail from infrastructure code, confirm the deletion was a planned change, and review what the caller did before and after.',
  prefilter: [clause('cloudtrail', 'DeleteTrail')],
  match: (r) => isEvent(r, 'cloudtrail', 'DeleteTrail'),
  titleOf: (r) => `CloudTrail trail${named(reqText(r, 'name') ?? deniedResource(r))} deleted`,
  context: (r) => ({ trail: reqText(r, 'name') ?? null }),
  cases: [
    {
      name: 'flags DeleteTrail',
      expect: true,
      record: event('cloudtrail', 'DeleteTrail', { request: { name: 'org-trail' } }),
    },
    {
      name: 'flags DeleteTrail by a role',
      expect: true,
      record: event('cloudtrail', 'DeleteTrail', {
        as: identity.role('dev'),
        request: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org' },
      }),
    },
    {
      name: 'ignores a denied DeleteTrail',
      expect: false,
      record: event('cloudtrail', 'DeleteTrail', { as: identity.role('dev'), error: 'AccessDenied' }),
    },
    {
      name: 'ignores CreateTrail',
      expect: false,
      record: event('cloudtrail', 'CreateTrail', { request: { name: 'org-trail' } }),
    },
    { name: 'ignores DeleteTrail of another service name', expect: false, record: event('logs', 'DeleteTrail') },
  ],
};
