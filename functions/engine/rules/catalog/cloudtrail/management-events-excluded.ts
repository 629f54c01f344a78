import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { field, flag, list, strings } from '../../fields.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import { MITRE } from '../../mitre.js';
import type { RecordRule } from '../../types.js';

type Loss = 'all' | 'writes' | 'sources' | null;

function basicLoss(selectors: unknown[]): Loss {
  if (selectors.length === 0) return null;
  const management = selectors.filter((s) => flag(field(s, 'includeManagementEvents')) !== false);
  if (management.length === 0) return 'all';
  if (management.every((s) => field(s, 'readWriteType') === 'ReadOnly')) return 'writes';
  if (management.some((s) => strings(field(s, 'excludeManagementEventSources')).length > 0)) return 'sources';
  return null;
}

function advancedLoss(selectors: unknown[]): Loss {
  if (selectors.length === 0) return null;
  const fieldsOf = (s: unknown): unknown[] => list(field(s, 'fieldSelectors'));
  const category = (s: unknown): unknown => fieldsOf(s).find((f) => field(f, 'field') === 'eventCategory');
  const management = selectors.filter((s) => strings(field(category(s), 'equals')).includes('Management'));
  if (management.length === 0) return 'all';
  const readOnly = (s: unknown): string[] =>
    strings(
      field(
        fieldsOf(s).find((f) => field(f, 'field') === 'readOnly'),
        'equals',
      ),
    );
  if (management.every((s) => readOnly(s).includes('true'))) return 'writes';
  const excludesSources = (s: unknown): boolean =>
    fieldsOf(s).some((f) => field(f, 'field') === 'eventSource' && strings(field(f, 'notEquals')).length > 0);
  return management.some(excludesSources) ? 'sources' : null;
}

function lossOf(r: CloudTrailRecord): Loss {
  if (isEvent(r, 'cloudtrail', 'PutEventSelectors')) {
    return basicLoss(list(req(r, 'eventSelectors'))) ?? advancedLoss(list(req(r, 'advancedEventSelectors')));
  }
  if (isEvent(r, 'cloudtrail', 'PutAdvancedEventSelectors'))
    return advancedLoss(list(req(r, 'advancedEventSelectors')));
  return null;
}

const WORDS = {
  all: 'no longer records management events',
  writes: 'no longer records write management events',
  sources: 'excludes some services from management events',
} as const;

/** Event selectors that drop management events: the trail keeps running but goes blind to control-plane calls. */
export const managementEventsExcluded: RecordRule = {
  id: 'aws.cloudtrail.management-events-excluded',
  title: 'CloudTrail trail stopped recording management events',
  description:
    'PutEventSelectors / PutAdvancedEventSelectors leaving no selector that records management events, only read-only ones, or excluding event sources. A quiet way to blind a trail that still shows as logging (Stratus: aws.defense-evasion.cloudtrail-event-selectors).',
  severity: 'high',
  mitre: MITRE.disableCloudLogs,
  runbook:
    "Restore the selectors from infrastructure code, then review the caller's activity: calls made after this change are missing from this trail.",
  prefilter: [clause('cloudtrail', 'PutEventSelectors', 'PutAdvancedEventSelectors')],
  match: (r) => lossOf(r) !== null,
  titleOf: (r) => `CloudTrail trail${named(reqText(r, 'trailName'))} ${WORDS[lossOf(r) ?? 'all']}`,
  severityOf: (r) => (lossOf(r) === 'sources' ? 'medium' : 'high'),
  context: (r) => ({ trail: reqText(r, 'trailName') ?? null, loss: lossOf(r) }),
  cases: [
    {
      name: 'flags selectors excluding management events (Stratus detonation shape)',
      expect: true,
      record: event('cloudtrail', 'PutEventSelectors', {
        request: {
          trailName: 't',
          eventSelectors: [
            {
              dataResources: [{ type: 'AWS::S3::Object', values: [] }],
              excludeManagementEventSources: [],
              includeManagementEvents: false,
              readWriteType: 'ReadOnly',
            },
          ],
        },
      }),
    },
    {
      name: 'flags management events limited to read-only',
      expect: true,
      record: event('cloudtrail', 'PutEventSelectors', {
        request: { trailName: 't', eventSelectors: [{ includeManagementEvents: true, readWriteType: 'ReadOnly' }] },
      }),
    },
    {
      name: 'flags advanced selectors with only data events',
      expect: true,
      record: event('cloudtrail', 'PutAdvancedEventSelectors', {
        request: {
          trailName: 't',
          advancedEventSelectors: [
            {
              name: 'data',
              fieldSelectors: [
                { field: 'eventCategory', equals: ['Data'] },
                { field: 'resources.type', equals: ['AWS::S3::Object'] },
              ],
            },
          ],
        },
      }),
    },
    {
      name: 'ignores selectors recording all management events',
      expect: false,
      record: event('cloudtrail', 'PutEventSelectors', {
        request: {
          trailName: 't',
          eventSelectors: [{ includeManagementEvents: true, readWriteType: 'All', excludeManagementEventSources: [] }],
        },
      }),
    },
    {
      name: 'ignores advanced selectors that keep management events',
      expect: false,
      record: event('cloudtrail', 'PutAdvancedEventSelectors', {
        request: {
          trailName: 't',
          advancedEventSelectors: [
            { name: 'mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
          ],
        },
      }),
    },
    {
      name: 'ignores GetEventSelectors',
      expect: false,
      record: event('cloudtrail', 'GetEventSelectors', { request: { trailName: 't' } }),
    },
  ],
};
