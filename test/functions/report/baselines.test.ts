import { describe, expect, it } from 'vitest';
import { baselineSummaries } from '../../../functions/report/index.js';
import type { BaselineEntry, PrincipalRecord } from '../../../functions/engine/baseline/index.js';
import { makeOrg } from './support/make-org.js';

const [alert] = makeOrg({ alerts: 1, seed: 4 }).alerts;
const account = alert!.accounts[0]!;
const key = alert!.principals[0]!.key;

function record(knownValues?: number): PrincipalRecord {
  return {
    principalKey: key,
    type: 'AssumedRole',
    arn: null,
    name: null,
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-11-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00Z',
    ...(knownValues === undefined ? {} : { knownValues }),
  };
}

function entry(value: string, extra: Partial<BaselineEntry> = {}): BaselineEntry {
  return {
    principalKey: key,
    dimension: 'action',
    value,
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-11-01T00:00:00Z',
    expiresAt: '2027-01-01T00:00:00Z',
    ...extra,
  };
}

describe('baselineSummaries', () => {
  it('uses the count the store keeps', async () => {
    const asked: string[][] = [];
    const store = {
      getPrincipals: async (acc: string, keys: readonly string[]) => {
        asked.push([acc, ...keys]);
        return new Map([[key, record(37)]]);
      },
    };
    expect(await baselineSummaries(store, [alert!])).toEqual({
      [`${account}|${key}`]: { firstSeen: '2026-01-01T00:00:00Z', knownValues: 37 },
    });
    expect(asked).toEqual([[account, key]]);
  });

  it('counts confirmed action entries when the store keeps no count, leaving out claims and other dimensions', async () => {
    const store = {
      getPrincipals: async () => new Map([[key, record()]]),
      entriesOf: async () => [
        entry('a'),
        entry('b'),
        entry('c', { claim: { runId: 'r', leaseUntil: '2026-11-02T00:00:00Z', findingId: 'f' } }),
        entry('eu-west-1', { dimension: 'region' }),
        { ...entry('x'), principalKey: 'other' },
      ],
    };
    expect((await baselineSummaries(store, [alert!]))[`${account}|${key}`]).toEqual({
      firstSeen: '2026-01-01T00:00:00Z',
      knownValues: 2,
    });
  });

  it('leaves out principals the store does not know', async () => {
    expect(await baselineSummaries({ getPrincipals: async () => new Map() }, [alert!])).toEqual({});
  });
});
