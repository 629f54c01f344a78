import { describe, expect, it } from 'vitest';
import {
  type CandidateFilter,
  candidateDispatch,
  matchesCandidate,
} from '../../../../functions/engine/activity/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { event, identity } from '../../../../functions/engine/rules/case-builder.js';
import { RULES, isWindowRule } from '../../../../functions/engine/rules/index.js';
import { trailDiscoverRecords } from '../../../support/shared-data.js';

const caseRecords = (): CloudTrailRecord[] =>
  RULES.flatMap((rule) =>
    isWindowRule(rule) ? rule.cases.flatMap((c) => c.records) : rule.cases.map((c) => c.record),
  );

/** Filters that pin what the index keys on, and filters that pin nothing it can key on. */
const shapes: CandidateFilter[] = [
  [{ eventNames: ['ConsoleLogin'] }, { identityTypes: ['Root'] }],
  [{ eventSources: ['s3.amazonaws.com'], excludeEventNames: ['GetObject'] }],
  [{ eventNamePrefixes: ['Delete'] }],
  [{ fieldConditions: [{ column: 'eventName', values: ['getobject'] }] }],
  [{ anyEvent: true }],
  [{}],
  [],
];

describe('dispatching records to the rules whose prefilter they match', () => {
  const filters = [...RULES.map((rule) => rule.prefilter), ...shapes];
  const dispatch = candidateDispatch(filters);
  const records: CloudTrailRecord[] = [
    ...caseRecords(),
    ...trailDiscoverRecords().filter((r) => r !== null && typeof r === 'object'),
    event('s3', 'GetObject', { as: identity.root() }),
    event('s3', 'PutBucketPolicy'),
    { eventName: 42, eventSource: ['s3.amazonaws.com'] } as unknown as CloudTrailRecord,
    {},
  ];

  it('finds exactly the filters matchesCandidate accepts, for every record', () => {
    let matched = 0;
    for (const record of records) {
      const expected = filters.flatMap((f, i) => (matchesCandidate(f, record) ? [i] : []));
      expect(dispatch(record), JSON.stringify(record).slice(0, 160)).toEqual(expected);
      matched += expected.length;
    }
    // The comparison is not vacuous: most records match some rule, and the catch-all shape matches all.
    expect(matched).toBeGreaterThan(records.length * 2);
  });

  it('still tests the filters that name no event or service', () => {
    const only = candidateDispatch([[{ identityTypes: ['Root'] }], [{ eventNames: ['ConsoleLogin'] }]]);
    expect(only(event('iam', 'ListUsers', { as: identity.root() }))).toEqual([0]);
    expect(only(event('signin', 'ConsoleLogin', { as: identity.root() }))).toEqual([0, 1]);
    expect(only(event('iam', 'ListUsers'))).toEqual([]);
  });
});
