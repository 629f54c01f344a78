/**
 * The Athena SQL, rendered for DuckDB, run over the same records: it must give exactly the rows a
 * plain JavaScript reference computes with the engine's `principalOf` and `serviceCallReason`.
 * Real record shapes: TrailDiscover's redacted events. Data from TrailDiscover by Adan Alvarez, CC BY 4.0.
 *
 * Where the two renderings differ (see dialect.ts): time parsing (`from_iso8601_timestamp` vs a
 * TIMESTAMPTZ cast), arrays (`slice`/`array_sort`/`array_agg` vs list slicing), JSON building
 * (`CAST(MAP(...) AS JSON)` vs `json_object`; Hive lower-cases struct field names, mapped back in
 * parse.ts), md5 over bytes vs text, and `"$path"` vs `filename`. Partition predicates exist only in Athena.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  activityQuerySql,
  activityRowOf,
  candidatesOf,
  type TextRow,
} from '../../../../../functions/adapters/aws/athena/index.js';
import {
  callerOf,
  MAX_CALLERS,
  matchesCandidate,
  ROW_SAMPLES,
  type ActivityRow,
  type CandidateFilter,
} from '../../../../../functions/engine/activity/index.js';
import {
  CLOUDTRAIL_COLUMNS,
  duckdbColumnsArgument,
  parseEventTime,
  principalOf,
  serviceCallReason,
  toIso,
  type CloudTrailRecord,
  type ColumnSpec,
} from '../../../../../functions/engine/cloudtrail/index.js';
import { openTwinDuck } from '../../../../support/athena-twin.js';
import { useTempDir } from '../../../../support/temp-dir.js';

const DATA = fileURLToPath(new URL('./fixtures/traildiscover-records.jsonl', import.meta.url));
const MIN = 60_000;
/** Every file the twin reads was delivered in (AFTER, UP_TO]; a third one, delivered later, is left out. */
const AFTER = Date.parse('2024-08-18T09:00:00Z');
const UP_TO = Date.parse('2024-08-18T10:30:00Z');
const NOW = Date.parse('2024-08-18T11:00:00Z');
const WINDOW = 15 * MIN;
const TOLERANCE = 15 * MIN;
const FILTER: CandidateFilter = [
  { eventSources: ['iam.amazonaws.com'] },
  { identityTypes: ['Root'] },
  { eventNamePrefixes: ['Delete'] },
];
const SAMPLES = ROW_SAMPLES;

interface FileOf {
  path: string;
  deliveredMs: number;
  records: CloudTrailRecord[];
}

const dir = useTempDir('ct-athena-twin-', 'all');
let files: FileOf[];
let closeDuck: (() => void) | undefined;
let connection: DuckDBConnection;

function loadRecords(): CloudTrailRecord[] {
  return readFileSync(DATA, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CloudTrailRecord);
}

/** Two delivery files: times spread over the range (and outside it), duplicates, repeats, a future stamp, malformed records. */
function buildFiles(): FileOf[] {
  const all = loadRecords();
  const stamp = (r: CloudTrailRecord, ms: number, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord => ({
    ...r,
    eventTime: toIso(ms).replace('.000Z', 'Z'),
    ...extra,
  });
  const a: CloudTrailRecord[] = all
    .slice(0, 200)
    .map((r, i) => stamp(r, Date.parse('2024-08-18T08:20:00Z') + i * 23_000));
  // the same principal and action again, other IPs and ids: counts above 1, several IPs
  for (let i = 0; i < 12; i += 1)
    a.push(
      stamp(all[5]!, Date.parse('2024-08-18T09:00:00Z') + i * 61_000, {
        eventID: `repeat-${i}`,
        sourceIPAddress: `198.51.100.${i % 7}`,
        errorCode: i % 3 === 0 ? 'AccessDenied' : undefined,
      }),
    );
  const b: CloudTrailRecord[] = all.slice(200).map((r, i) => stamp(r, Date.parse('2024-08-18T09:50:00Z') + i * 5_000));
  // callers of every shape (caller-sql.ts): IPv6 with and without `::` in the /48, a VPC endpoint, Terraform's APN agent
  const shapes: Array<Partial<CloudTrailRecord>> = [
    { sourceIPAddress: '2a03:b0c0:2:d0::1a:f001', userAgent: 'Boto3/1.34.51 md/Botocore#1.34.51' },
    {
      sourceIPAddress: '2a05:d018::1',
      userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.12.2 (+https://www.terraform.io)',
    },
    { sourceIPAddress: '10.0.3.7', vpcEndpointId: 'vpce-0abc123', userAgent: '[S3Console/0.4, aws-internal/3]' },
    { sourceIPAddress: '1.2.3', userAgent: 'APN/1.0' },
  ];
  shapes.forEach((extra, i) =>
    b.push(stamp(all[11]!, Date.parse('2024-08-18T09:52:00Z') + i * 1_000, { eventID: `shape-${i}`, ...extra })),
  );
  b.push(...a.slice(40, 45)); // duplicates across files: counted once
  b.push(stamp(all[7]!, Date.parse('2024-08-19T03:00:00Z'), { eventID: 'from-the-future' }));
  b.push({ ...all[8]!, eventID: 'no-name', eventName: '' });
  b.push({ ...all[9]!, eventID: 'bad-time', eventTime: 'yesterday' });
  return [
    {
      path: join(dir(), '111111111111_CloudTrail_us-east-1_20240818T0930Z_aaaa.jsonl'),
      deliveredMs: Date.parse('2024-08-18T09:30:00Z'),
      records: a,
    },
    {
      path: join(dir(), '111111111111_CloudTrail_us-east-1_20240818T1005Z_bbbb.jsonl'),
      deliveredMs: Date.parse('2024-08-18T10:05:00Z'),
      records: b,
    },
    {
      path: join(dir(), '111111111111_CloudTrail_us-east-1_20240818T1100Z_cccc.jsonl'),
      deliveredMs: Date.parse('2024-08-18T11:00:00Z'),
      records: all
        .slice(0, 30)
        .map((r, i) => stamp(r, Date.parse('2024-08-18T10:40:00Z') + i * 1_000, { eventID: `later-${i}` })),
    },
  ];
}

/** The reference: the same semantics in plain JavaScript over the engine's principal functions. */
function reference(): { rows: ActivityRow[]; candidates: Map<number, CloudTrailRecord[]> } {
  const seen = new Set<string>();
  const groups = new Map<
    string,
    { window: number; records: Array<{ r: CloudTrailRecord; ts: number; future: boolean }> }
  >();
  const candidates = new Map<number, CloudTrailRecord[]>();
  for (const file of [...files].sort((x, y) => (x.path < y.path ? -1 : 1))) {
    for (const r of file.records) {
      const ts = parseEventTime(r.eventTime);
      if (ts === null || !r.eventName) continue;
      if (file.deliveredMs <= AFTER || file.deliveredMs > UP_TO) continue;
      const future = ts > NOW + TOLERANCE || ts > file.deliveredMs + TOLERANCE;
      const eff = ts > NOW + TOLERANCE ? NOW : ts;
      const id = r.eventID!;
      if (seen.has(id)) continue;
      seen.add(id);
      const window = Math.floor(eff / WINDOW) * WINDOW;
      const key = [
        window,
        principalOf(r).key,
        r.eventSource || 'unknown',
        r.eventName,
        serviceCallReason(r) ?? '',
      ].join('\u0000');
      const g = groups.get(key) ?? { window, records: [] };
      g.records.push({ r, ts: eff, future });
      groups.set(key, g);
      if (matchesCandidate(FILTER, r))
        candidates.set(window, [...(candidates.get(window) ?? []), project(r, CLOUDTRAIL_COLUMNS) as CloudTrailRecord]);
    }
  }
  const minOf = (values: Array<string | null>): string | null =>
    values.filter((v): v is string => v !== null).sort()[0] ?? null;
  const distinct = (values: Array<string | undefined | null>, n: number): string[] =>
    [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort().slice(0, n);
  const rows = [...groups.values()].map(({ window, records }) => {
    const r0 = records[0]!.r;
    const byTime = [...records].sort((x, y) => x.ts - y.ts || (x.r.eventID! < y.r.eventID! ? -1 : 1));
    const principals = records.map((x) => principalOf(x.r));
    return {
      accountId: '111111111111',
      windowStart: toIso(window),
      principalKey: principals[0]!.key,
      principalType: minOf(principals.map((p) => p.type))!,
      principalArn: minOf(principals.map((p) => p.arn)),
      principalName: minOf(principals.map((p) => p.name)),
      principalAccountId: minOf(principals.map((p) => p.accountId)),
      action: `${r0.eventSource || 'unknown'}:${r0.eventName}`,
      eventSource: r0.eventSource || 'unknown',
      eventName: r0.eventName!,
      serviceCall: serviceCallReason(r0),
      count: records.length,
      errorCount: records.filter((x) => x.r.errorCode).length,
      errorCodes: distinct(
        records.map((x) => x.r.errorCode || null),
        5,
      ),
      firstEventTime: toIso(byTime[0]!.ts),
      lastEventTime: toIso(byTime[byTime.length - 1]!.ts),
      sampleEventIds: byTime.slice(0, SAMPLES.eventIds).map((x) => x.r.eventID!),
      sourceIps: distinct(
        records.map((x) => x.r.sourceIPAddress),
        SAMPLES.sourceIps,
      ),
      userAgents: distinct(
        records.map((x) => x.r.userAgent),
        SAMPLES.userAgents,
      ),
      regions: distinct(
        records.map((x) => x.r.awsRegion || 'unknown'),
        10,
      ),
      callers: distinct(
        records.map((x) => callerOf(x.r)),
        MAX_CALLERS,
      ),
      futureCount: records.filter((x) => x.future).length,
    } satisfies ActivityRow;
  });
  const order = (x: ActivityRow): string =>
    [x.windowStart, x.principalKey, x.eventSource, x.eventName, x.serviceCall ?? ''].join('\u0000');
  rows.sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
  for (const list of candidates.values())
    list.sort((x, y) =>
      x.eventTime! < y.eventTime! ? -1 : x.eventTime! > y.eventTime! ? 1 : x.eventID! < y.eventID! ? -1 : 1,
    );
  return { rows, candidates };
}

/** A record as the table sees it: only the canonical columns and struct fields, nulls dropped. */
function project(value: unknown, specs: readonly ColumnSpec[] | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (specs === undefined) {
    if (Array.isArray(value)) return value.map((v) => project(v, undefined) ?? null);
    if (typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (project(v, undefined) !== undefined) out[k] = project(v, undefined);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const v = project((value as Record<string, unknown>)[spec.name], spec.fields);
    if (v !== undefined && !(spec.fields && Object.keys(v as object).length === 0)) out[spec.name] = v;
  }
  return out;
}

beforeAll(async () => {
  files = buildFiles();
  for (const f of files) writeFileSync(f.path, f.records.map((r) => JSON.stringify(r)).join('\n'));
  ({ connection, close: closeDuck } = await openTwinDuck());
});

afterAll(() => {
  closeDuck?.();
});

describe('the Athena activity SQL, rendered for DuckDB', () => {
  it('returns exactly the rows and candidates of the JavaScript reference', async () => {
    const from = `read_json(${files
      .map((f) => `'${f.path}'`)
      .join(', ')
      .replace(/^/, '[')
      .replace(/$/, ']')}, format='newline_delimited', columns=${duckdbColumnsArgument()}, filename=true)`;
    const sql = activityQuerySql({
      dialect: 'duckdb',
      from,
      afterMs: AFTER,
      upToMs: UP_TO,
      windowMs: WINDOW,
      nowMs: NOW,
      candidates: FILTER,
      samples: SAMPLES,
      futureToleranceMs: TOLERANCE,
    });

    const result = await connection.runAndReadAll(sql);
    const text: TextRow[] = result
      .getRowObjectsJson()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
    const rows = text.map((r) => activityRowOf('111111111111', r));
    const candidates = new Map<number, CloudTrailRecord[]>();
    for (const r of text) {
      const list = candidatesOf(r);
      if (list.length > 0)
        candidates.set(Number(r.window_ms), [...(candidates.get(Number(r.window_ms)) ?? []), ...list]);
    }
    for (const list of candidates.values())
      list.sort((x, y) =>
        x.eventTime! < y.eventTime! ? -1 : x.eventTime! > y.eventTime! ? 1 : x.eventID! < y.eventID! ? -1 : 1,
      );
    const expected = reference();

    expect(rows.length).toBeGreaterThan(250);
    expect(rows).toEqual(expected.rows);
    expect([...candidates.keys()].sort()).toEqual([...expected.candidates.keys()].sort());
    for (const [w, list] of expected.candidates) expect(candidates.get(w)).toEqual(list);
    expect([...candidates.values()].flat().length).toBeGreaterThan(20);
    expect(rows.some((r) => r.count > 1 && r.sourceIps.length > 1)).toBe(true);
    expect(rows.filter((r) => (r.futureCount ?? 0) > 0)).toHaveLength(1);
    expect(rows.flatMap((r) => r.callers)).toEqual(
      expect.arrayContaining([
        '2a03:b0c0:2::/48|boto3',
        '2a05:d018::1|hashicorp',
        'vpce:vpce-0abc123|s3console',
        'svc:1.2.3|',
      ]),
    );
  });
});
