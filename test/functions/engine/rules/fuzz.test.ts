import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import {
  RULES,
  evaluateRulesDetailed,
  isWindowRule,
  type RuleContext,
} from '../../../../functions/engine/rules/index.js';

/** A small deterministic PRNG so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  '',
  '*',
  'true',
  [],
  [null],
  {},
  { items: null },
  { items: 'x' },
  [[]],
  true,
  'arn:aws:iam::1:root/',
];

/** Copies `value` and replaces or removes one random nested field. */
function mutate(value: unknown, rand: () => number, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return WEIRD[Math.floor(rand() * WEIRD.length)];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return WEIRD[Math.floor(rand() * WEIRD.length)];
  const key = keys[Math.floor(rand() * keys.length)]!;
  const roll = rand();
  if (roll < 0.25 && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[key];
  else if (roll < 0.5) (copy as Record<string, unknown>)[key] = WEIRD[Math.floor(rand() * WEIRD.length)];
  else (copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], rand, depth + 1);
  return copy;
}

const ctxs: RuleContext[] = [
  { organizationAccountIds: null },
  {
    organizationAccountIds: new Set(['111122223333']),
    thresholds: { failedConsoleLogins: 1, bulkSuppressedFindings: 0 },
  },
];

describe('rules on partial and malformed records', () => {
  for (const rule of RULES) {
    it(`never throws: ${rule.id}`, () => {
      const rand = prng(rule.id.length * 7919);
      const seeds = isWindowRule(rule) ? rule.cases.flatMap((c) => c.records) : rule.cases.map((c) => c.record);
      for (let round = 0; round < 60; round += 1) {
        const records = seeds.map((s) => {
          let m: unknown = s;
          const times = 1 + Math.floor(rand() * 4);
          for (let i = 0; i < times; i += 1) m = mutate(m, rand);
          return m as CloudTrailRecord;
        });
        for (const ctx of ctxs) {
          if (isWindowRule(rule)) {
            const objects = records.filter((r) => r !== null && typeof r === 'object');
            expect(() => {
              const seen = objects.flatMap((r) => {
                const o = rule.observe(r, ctx);
                return o === null ? [] : Array.isArray(o) ? o : [o];
              });
              for (const o of seen) rule.threshold(o.actor, ctx);
            }).not.toThrow();
            continue;
          }
          for (const r of records) {
            if (r === null || typeof r !== 'object') continue;
            expect(() => {
              if (rule.match(r, ctx)) {
                rule.titleOf?.(r, ctx);
                rule.severityOf?.(r, ctx);
                rule.dedupe?.(r, ctx);
                rule.context?.(r, ctx);
              }
            }).not.toThrow();
          }
        }
        const out = evaluateRulesDetailed(
          {
            accountId: '111122223333',
            window: { start: '2024-08-01T12:00:00Z', end: '2024-08-01T13:00:00Z' },
            records,
          },
          [rule],
          ctxs[0]!,
        );
        expect(out.errors).toEqual([]);
      }
    });
  }

  it('never throws on records with no userIdentity, no payload or wrong types', () => {
    const odd: CloudTrailRecord[] = [
      { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' },
      {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: { bucketPolicy: 'not json' },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: { ipPermissions: { items: [{ ipRanges: { items: [{ cidrIp: 42 }] } }] } },
      },
      {
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        userIdentity: null,
        responseElements: { ConsoleLogin: 'Failure' },
      },
      { userAgent: 'x'.repeat(100_000) + 'kali' } as CloudTrailRecord,
    ];
    const out = evaluateRulesDetailed(
      { accountId: '1', window: { start: '2024-08-01T12:00:00Z', end: '2024-08-01T13:00:00Z' }, records: odd },
      RULES,
      ctxs[1]!,
    );
    expect(out.errors).toEqual([]);
  });
});
