import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { flag, text } from '../../fields.js';
import { clause, isEvent, named, req } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

interface Change {
  singleRegion: boolean;
  noGlobalEvents: boolean;
  bucket: string | undefined;
}

/** Keys of a targeted redirect (`update-trail --s3-bucket-name`); infrastructure tools re-send the whole trail. */
const REDIRECT_KEYS = new Set(['name', 's3bucketname', 's3keyprefix']);
const redirectOnly = (r: CloudTrailRecord): boolean =>
  Object.keys(r.requestParameters ?? {}).every((k) => REDIRECT_KEYS.has(k.toLowerCase()));

function change(r: CloudTrailRecord): Change | null {
  if (!isEvent(r, 'cloudtrail', 'UpdateTrail')) return null;
  const c: Change = {
    singleRegion: flag(req(r, 'isMultiRegionTrail')) === false,
    noGlobalEvents: flag(req(r, 'includeGlobalServiceEvents')) === false,
    bucket: redirectOnly(r) ? text(r.requestParameters, 's3BucketName') : undefined,
  };
  return c.singleRegion || c.noGlobalEvents || c.bucket !== undefined ? c : null;
}

const trail = (r: CloudTrailRecord): string | undefined => text(r.requestParameters, 'name')?.split('/').pop();

function describe(c: Change): string {
  const parts = [
    c.singleRegion ? 'now logs one region only' : '',
    c.noGlobalEvents ? 'no longer logs global services (IAM, STS, CloudFront)' : '',
    c.bucket !== undefined ? `now delivers to bucket ${c.bucket}` : '',
  ];
  return parts.filter((p) => p !== '').join(', ');
}

/** A trail narrowed (one region, no global services) or pointed at another bucket. */
export const trailCoverageReduced: RecordRule = {
  id: 'aws.cloudtrail.trail-coverage-reduced',
  title: 'CloudTrail trail coverage reduced or redirected',
  description:
    'UpdateTrail setting isMultiRegionTrail=false (calls in every other region go unrecorded: high), includeGlobalServiceEvents=false (IAM, STS and other global services go unrecorded: high), or a call that changes nothing but s3BucketName (log files go elsewhere from now on, possibly to a bucket the attacker reads or empties: medium, since moving the log bucket is also ordinary maintenance; an update that re-sends the whole trail configuration, as infrastructure tools do, is not read as a redirect). The trail still shows as logging, so this is quieter than StopLogging.',
  severity: 'high',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs' },
  runbook:
    'Compare the trail with its infrastructure definition (GetTrail); restore multi-region and global events, and check who owns the new bucket and its policy.',
  prefilter: [clause('cloudtrail', 'UpdateTrail')],
  match: (r) => change(r) !== null,
  titleOf: (r) =>
    `CloudTrail trail${named(trail(r))} ${describe(change(r) ?? { singleRegion: false, noGlobalEvents: false, bucket: undefined })}`,
  severityOf: (r) => {
    const c = change(r);
    return c !== null && (c.singleRegion || c.noGlobalEvents) ? 'high' : 'medium';
  },
  context: (r) => ({ trail: trail(r) ?? null, ...change(r) }),
  cases: [
    {
      name: 'flags a trail made single-region',
      expect: true,
      record: event('cloudtrail', 'UpdateTrail', { request: { name: 'org-trail', isMultiRegionTrail: false } }),
    },
    {
      name: 'flags global service events switched off',
      expect: true,
      record: event('cloudtrail', 'UpdateTrail', {
        request: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', includeGlobalServiceEvents: false },
      }),
    },
    {
      name: 'flags a trail redirected to another bucket',
      expect: true,
      record: event('cloudtrail', 'UpdateTrail', { request: { name: 'main', s3BucketName: 'logs-archive-2' } }),
    },
    {
      name: 'ignores a full update that re-sends the same bucket',
      expect: false,
      record: event('cloudtrail', 'UpdateTrail', {
        request: {
          name: 'main',
          s3BucketName: 'org-trail-logs',
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: true,
          enableLogFileValidation: true,
        },
      }),
    },
    {
      name: 'ignores enabling log file validation',
      expect: false,
      record: event('cloudtrail', 'UpdateTrail', { request: { name: 'main', enableLogFileValidation: true } }),
    },
    {
      name: 'ignores making a trail multi-region',
      expect: false,
      record: event('cloudtrail', 'UpdateTrail', {
        request: { name: 'main', isMultiRegionTrail: true, includeGlobalServiceEvents: true },
      }),
    },
  ],
};
