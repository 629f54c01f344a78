import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { field, list, num, str, text } from '../../fields.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import type { RecordRule, RuleContext } from '../../types.js';

const DAY = 86_400_000;
/** Bucket names or prefixes that suggest logs: where a short expiry destroys evidence. */
const LOGS = /cloudtrail|trail|audit|log/i;

interface Expiring {
  ruleId: string;
  days: number;
  prefix: string;
  noncurrent: boolean;
}

const rulesOf = (r: CloudTrailRecord): unknown[] =>
  list(req(r, 'LifecycleConfiguration.Rule') ?? req(r, 'LifecycleConfiguration.Rules'));

/** The rule's prefix when it applies to a whole bucket or a key prefix (tag and size filters narrow it: undefined). */
function scope(rule: unknown): string | undefined {
  const filter = field(rule, 'Filter');
  if (filter === undefined || filter === null || filter === '') return text(rule, 'Prefix') ?? '';
  if (typeof filter !== 'object') return undefined;
  const keys = Object.keys(filter).map((k) => k.toLowerCase());
  if (keys.length === 0) return '';
  if (keys.every((k) => k === 'prefix')) return text(filter, 'Prefix') ?? '';
  return undefined;
}

function daysOf(rule: unknown, r: CloudTrailRecord): { days: number; noncurrent: boolean } | undefined {
  const days = num(field(rule, 'Expiration.Days'));
  if (days !== undefined) return { days, noncurrent: false };
  const date = text(rule, 'Expiration.Date');
  const at = date === undefined ? Number.NaN : Date.parse(date);
  const now = Date.parse(str(r.eventTime));
  if (Number.isFinite(at) && Number.isFinite(now))
    return { days: Math.max(0, Math.ceil((at - now) / DAY)), noncurrent: false };
  const noncurrent = num(field(rule, 'NoncurrentVersionExpiration.NoncurrentDays'));
  return noncurrent === undefined ? undefined : { days: noncurrent, noncurrent: true };
}

/** Enabled rules expiring the whole bucket, or a log-looking prefix, within the threshold. */
function expiring(r: CloudTrailRecord, ctx: RuleContext): Expiring[] {
  if (!isEvent(r, 's3', 'PutBucketLifecycle', 'PutBucketLifecycleConfiguration')) return [];
  const limit = thresholdsOf(ctx).lifecycleExpirationDays;
  const out: Expiring[] = [];
  for (const rule of rulesOf(r)) {
    if ((text(rule, 'Status') ?? '').toLowerCase() !== 'enabled') continue;
    const prefix = scope(rule);
    if (prefix === undefined || (prefix !== '' && !LOGS.test(prefix))) continue;
    const d = daysOf(rule, r);
    if (d === undefined || d.days > limit) continue;
    out.push({ ruleId: text(rule, 'ID') ?? '', days: d.days, prefix, noncurrent: d.noncurrent });
  }
  return out;
}

const bucket = (r: CloudTrailRecord): string | undefined => reqText(r, 'bucketName');
const logLike = (r: CloudTrailRecord, e: Expiring[]): boolean =>
  LOGS.test(bucket(r) ?? '') || e.some((x) => x.prefix !== '');

const put = (...rules: unknown[]): CloudTrailRecord =>
  event('s3', 'PutBucketLifecycle', {
    request: {
      bucketName: 'stratus-red-team-cloudtrail-bucket',
      Host: 's3.amazonaws.com',
      lifecycle: '',
      LifecycleConfiguration: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        Rule: rules.length === 1 ? rules[0] : rules,
      },
    },
  });

/** A lifecycle rule that deletes a bucket's objects within days: log files gone without a single DeleteObject (Stratus cloudtrail-lifecycle-rule). */
export const shortLifecycleExpiration: RecordRule = {
  id: 'aws.s3.short-lifecycle-expiration',
  title: 'S3 lifecycle rule expires objects within days',
  description:
    "PutBucketLifecycle (PutBucketLifecycleConfiguration is logged under this name) with an enabled rule that expires current objects (Expiration.Days or a Date) or noncurrent versions within `rules.thresholds.lifecycleExpirationDays` (default 3) days, applying to the whole bucket or to a prefix that names logs (AWSLogs/, cloudtrail, audit, log). S3 then deletes the objects itself, with no DeleteObject event, which is how a trail's log files are destroyed quietly. CloudTrail does not say which bucket a trail delivers to: high when the bucket or prefix name looks like logs, medium otherwise; compare the bucket with your trails' S3BucketName. Rules limited by tag or object size, and scratch prefixes (tmp/), are ignored.",
  severity: 'medium',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs' },
  runbook:
    'Check whether the bucket receives CloudTrail, Config, flow or access logs (DescribeTrails S3BucketName); if so, restore the lifecycle configuration at once and copy the remaining objects elsewhere.',
  prefilter: [clause('s3', 'PutBucketLifecycle', 'PutBucketLifecycleConfiguration')],
  match: (r, ctx) => expiring(r, ctx).length > 0,
  titleOf: (r, ctx) => {
    const e = expiring(r, ctx);
    const days = Math.min(...e.map((x) => x.days));
    return `Lifecycle rule on bucket${named(bucket(r))} expires ${e.every((x) => x.noncurrent) ? 'old versions' : 'objects'} after ${days} day${days === 1 ? '' : 's'}`;
  },
  severityOf: (r, ctx) => (logLike(r, expiring(r, ctx)) ? 'high' : 'medium'),
  context: (r, ctx) => ({ bucket: bucket(r) ?? null, rules: expiring(r, ctx) }),
  cases: [
    {
      name: 'flags a one-day expiry on a trail bucket (Stratus detonation shape)',
      expect: true,
      record: put({
        ID: 'nuke-cloudtrail-logs-after-1-day',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        Expiration: { Days: 1 },
      }),
    },
    {
      name: 'flags a rule list with an expiring AWSLogs/ prefix',
      expect: true,
      record: put(
        {
          ID: 'archive',
          Status: 'Enabled',
          Filter: { Prefix: 'archive/' },
          Transition: { Days: 30, StorageClass: 'GLACIER' },
        },
        { ID: 'x', Status: 'Enabled', Filter: { Prefix: 'AWSLogs/' }, Expiration: { Days: '2' } },
      ),
    },
    {
      name: 'ignores a 90-day retention',
      expect: false,
      record: put({ ID: 'retention', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 90 } }),
    },
    {
      name: 'ignores a one-day expiry of a scratch prefix',
      expect: false,
      record: put({ ID: 'tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 1 } }),
    },
    {
      name: 'ignores a disabled rule',
      expect: false,
      record: put({ ID: 'off', Status: 'Disabled', Filter: {}, Expiration: { Days: 1 } }),
    },
    {
      name: 'ignores cleaning up incomplete uploads',
      expect: false,
      record: put({
        ID: 'mpu',
        Status: 'Enabled',
        Filter: {},
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      }),
    },
  ],
};
