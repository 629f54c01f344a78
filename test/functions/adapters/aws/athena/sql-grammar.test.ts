/**
 * The Athena SQL cannot run offline; this checks that what the agent generates parses with a Trino
 * grammar (dt-sql-parser's TrinoSQL, antlr4), for the shapes a run and a backfill produce. It catches
 * syntax, not function signatures or types: those are covered by the DuckDB twin where the dialects meet.
 */
import { describe, expect, it } from 'vitest';
import { TrinoSQL } from 'dt-sql-parser';
import { AthenaActivitySource, type AthenaSender } from '../../../../../functions/adapters/aws/athena/index.js';
import { RULES, candidateFilterOf } from '../../../../../functions/engine/rules/index.js';
import type { ActivityQuery } from '../../../../../functions/engine/activity/index.js';

const parser = new TrinoSQL();
const client: AthenaSender = { send: async () => ({}) } as unknown as AthenaSender;
const NOW = Date.parse('2026-11-20T12:20:00Z');
const query = (over: Partial<ActivityQuery> = {}): ActivityQuery => ({
  accountId: '123456789012',
  delivered: { after: '2026-11-20T10:00:00Z', upTo: '2026-11-20T12:05:00Z' },
  windowMs: 3_600_000,
  candidates: [],
  ...over,
});

describe('the generated Athena SQL', () => {
  it('parses as Trino SQL for a scheduled run with every rule prefilter, a regional table, and a 90-day backfill', () => {
    const plain = new AthenaActivitySource({ client, database: 'ct_anomaly', table: 'cloudtrail', workGroup: 'w' });
    const regional = new AthenaActivitySource({
      client,
      database: 'ct-anomaly db',
      table: 'trail "x"',
      workGroup: 'w',
      partitions: { regions: ['us-east-1', "o'brien-1"] },
    });
    const sqls = [
      plain.sqlFor(query({ candidates: candidateFilterOf(RULES) }), NOW),
      regional.sqlFor(
        query({
          candidates: [
            { eventNamePrefixes: ["Delete'"], userAgentContains: ['%_'], arnPattern: ':assumed-role/.+/i-[0-9a-f]+$' },
          ],
        }),
        NOW,
      ),
      plain.sqlFor(
        query({ delivered: { after: '2026-08-22T12:05:00Z', upTo: '2026-11-20T12:05:00Z' }, windowMs: 86_400_000 }),
        NOW,
      ),
      new AthenaActivitySource({
        client,
        database: 'ct_anomaly',
        table: 'cloudtrail',
        workGroup: 'w',
        files: {
          location: "s3://trail/AWSLogs/o-x/123456789012/CloudTrail/o'k",
          accountId: '123456789012',
          regions: ['us-east-1', 'eu-west-1'],
        },
      }).sqlFor(query(), NOW),
    ];

    for (const sql of sqls) expect(parser.validate(sql).map((e) => e.message)).toEqual([]);
  });

  it('reports errors for broken SQL (the check is not vacuous)', () => {
    const sql = new AthenaActivitySource({ client, database: 'd', table: 't', workGroup: 'w' }).sqlFor(query(), NOW);
    expect(parser.validate(sql.replace('GROUP BY window_ms', 'GROUP window_ms')).length).toBeGreaterThan(0);
  });
});
