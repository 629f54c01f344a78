import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryActivitySource } from '../../../../functions/engine/activity/aggregate-js.js';
import type { ActivityRow, CandidateFilter } from '../../../../functions/engine/activity/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { compareCodePoints } from '../../../../functions/engine/collections.js';
import { discoverInputs } from '../../../../functions/adapters/local/files/index.js';
import { type Duck, openDuck } from '../../../../functions/adapters/local/duckdb/connection.js';
import { stageInputs } from '../../../../functions/adapters/local/duckdb/staging.js';
import { DuckActivitySource } from '../../../../functions/adapters/local/duckdb/activity-source.js';
import { at, record } from '../../../support/records.js';
import { trailDiscoverRecords } from '../../../support/shared-data.js';
import { useTempDir } from '../../../support/temp-dir.js';

const NOW = Date.parse('2027-01-01T00:00:00Z');
const HOUR = 3_600_000;
const candidates: CandidateFilter = [
  { eventNames: ['StopLogging', 'DeleteTrail', 'ConsoleLogin'] },
  { identityTypes: ['Root'] },
];
const dir = useTempDir('ct-duck-', 'all');
let examples: CloudTrailRecord[];

beforeAll(async () => {
  // Shared data sits beside the repository (CI always has it): a missing file fails the suite.
  const fromTrailDiscover = trailDiscoverRecords().filter((r) => r && typeof r === 'object');
  const ours: CloudTrailRecord[] = [];
  for (let d = 0; d < 3; d++) {
    for (const h of [0, 9, 23]) {
      ours.push(
        record({ time: at(d, h, 59), name: 'ListBuckets' }),
        record({
          who: 'user:alice',
          time: at(d, h, 1),
          name: 'GetObject',
          errorCode: d === 1 ? 'AccessDenied' : undefined,
        }),
      );
      ours.push(
        record({
          who: 'root',
          time: at(d, h, 30),
          name: 'StopLogging',
          source: 'cloudtrail.amazonaws.com',
          account: '444455556666',
        }),
      );
    }
  }
  // Callers of every shape the network and client dimensions read (see caller-sql.ts).
  const callers: Array<[string, string, Partial<CloudTrailRecord>?]> = [
    ['2a03:b0c0:2:d0::1a:f001', 'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux'],
    ['2a05:d018::1', 'APN/1.0 HashiCorp/1.0 Terraform/1.12.2 (+https://www.terraform.io)'],
    ['10.0.3.7', 'aws-sdk-go/1.55.7 (go1.23.8; linux; amd64) amazon-ssm-agent/3.3', { vpcEndpointId: 'vpce-0abc123' }],
    ['ec2.amazonaws.com', 'ec2.amazonaws.com'],
    ['AWS Internal', 'AWS Internal'],
    ['81.2.69.160', '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10]'],
    ['81.2.69.161', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36'],
    ['1.2.3', ''],
  ];
  callers.forEach(([ip, agent, extra], i) =>
    ours.push(record({ who: 'caller-shapes', time: at(0, 5, i), name: 'GetCallerIdentity', ip, agent, extra })),
  );
  examples = [...fromTrailDiscover, ...ours];
});

/** Stages the files at `paths` with this file's settings (candidates, now, window), into `dir()/temp`. */
async function stageAt(duck: Duck, paths: string[], temp: string, extra: { batchBytes?: number } = {}) {
  const { files } = await discoverInputs(paths);
  return stageInputs(duck, files, null, {
    candidates,
    nowMs: NOW,
    futureToleranceMs: 15 * 60_000,
    windowMs: HOUR,
    tempDir: join(dir(), temp),
    ...extra,
  });
}

async function duckRows(
  paths: string[],
): Promise<{ rows: ActivityRow[]; candidates: CloudTrailRecord[]; stage: Awaited<ReturnType<typeof stageInputs>> }> {
  const duck = await openDuck({ threads: 2 });
  try {
    const stage = await stageAt(duck, paths, 'tmp');
    const source = new DuckActivitySource(duck);
    const rows: ActivityRow[] = [];
    const cands: CloudTrailRecord[] = [];
    for (const account of await source.accounts()) {
      for await (const w of source.windows({
        accountId: account.accountId,
        delivered: { after: null, upTo: null },
        windowMs: HOUR,
        candidates,
      })) {
        rows.push(...w.rows);
        cands.push(...w.candidates);
      }
    }
    return { rows, candidates: cands, stage };
  } finally {
    duck.close();
  }
}

async function jsRows(records: CloudTrailRecord[]): Promise<{ rows: ActivityRow[]; candidates: CloudTrailRecord[] }> {
  const source = new MemoryActivitySource(
    records.map((record) => ({ record })),
    { nowMs: NOW, futureToleranceMs: 15 * 60_000 },
  );
  const rows: ActivityRow[] = [];
  const cands: CloudTrailRecord[] = [];
  for (const account of source.accounts()) {
    for await (const w of source.windows({
      accountId: account.accountId,
      delivered: { after: null, upTo: null },
      windowMs: HOUR,
      candidates,
    })) {
      rows.push(...w.rows);
      cands.push(...w.candidates);
    }
  }
  return { rows, candidates: cands };
}

const key = (r: ActivityRow): string =>
  `${r.accountId} ${r.windowStart} ${r.principalKey} ${r.action} ${r.serviceCall ?? ''}`;
const sortRows = (rows: ActivityRow[]): ActivityRow[] => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));

describe('DuckDB activity source', () => {
  it('returns exactly the rows of the JavaScript reference, for every input form', async () => {
    const expected = await jsRows(examples);
    expect(expected.rows.length).toBeGreaterThan(100);
    const forms: Record<string, (recs: CloudTrailRecord[]) => Promise<string>> = {
      'delivery .json.gz in the S3 layout': async (recs) => {
        const folder = join(
          dir(),
          'forms',
          'AWSLogs',
          'o-abcdefghij',
          '111111111111',
          'CloudTrail',
          'ca-centralsouth-1r',
          '2026',
          '01',
          '05',
        );
        await mkdir(folder, { recursive: true });
        await writeFile(
          join(folder, '111111111111_CloudTrail_ca-centralsouth-1r_20261231T2355Z_abcdefghijklmnop.json.gz'),
          gzipSync(JSON.stringify({ Records: recs })),
        );
        return join(dir(), 'forms', 'AWSLogs');
      },
      // Files of one record each, as quiet regions deliver them: a batch of small files is gathered whole first.
      'delivery .json.gz of one record each': async (recs) => {
        const folder = join(dir(), 'forms', 'AWSLogs', '111111111111', 'CloudTrail', 'eu-west-1', '2026', '01', '05');
        await mkdir(folder, { recursive: true });
        await Promise.all(
          recs.map((r, i) =>
            writeFile(
              join(folder, `111111111111_CloudTrail_eu-west-1_20261231T2355Z_${String(i).padStart(16, '0')}.json.gz`),
              gzipSync(JSON.stringify({ Records: [r] })),
            ),
          ),
        );
        return join(dir(), 'forms', 'AWSLogs');
      },
      'delivery .json': async (recs) => {
        const p = join(dir(), 'forms', 'delivery.json');
        await writeFile(p, JSON.stringify({ Records: recs }));
        return p;
      },
      'bare array': async (recs) => {
        const p = join(dir(), 'forms', 'array.json');
        await writeFile(p, JSON.stringify(recs));
        return p;
      },
      jsonl: async (recs) => {
        const p = join(dir(), 'forms', 'lake.jsonl');
        await writeFile(p, recs.map((r) => JSON.stringify(r)).join('\n'));
        return p;
      },
      'jsonl.gz': async (recs) => {
        const p = join(dir(), 'forms', 'siem.jsonl.gz');
        await writeFile(p, gzipSync(recs.map((r) => JSON.stringify(r)).join('\n')));
        return p;
      },
    };
    await mkdir(join(dir(), 'forms'), { recursive: true });
    const shapes = expected.rows.filter((r) => r.principalKey.endsWith('role/caller-shapes'));
    expect(shapes.flatMap((r) => r.callers).sort()).toEqual([
      '2a03:b0c0:2::/48|boto3',
      '2a05:d018::1|hashicorp',
      '81.2.69.0/24|mozilla',
      '81.2.69.0/24|s3console',
      'svc:1.2.3|none',
      'svc:aws internal|aws',
      'svc:ec2.amazonaws.com|ec2.amazonaws.com',
      'vpce:vpce-0abc123|aws-sdk-go',
    ]);
    for (const [name, write] of Object.entries(forms)) {
      const path = await write(examples);
      const got = await duckRows([path]);
      expect(sortRows(got.rows), name).toEqual(sortRows(expected.rows));
      expect(got.candidates.map((r) => r.eventID).sort(), name).toEqual(
        expected.candidates.map((r) => r.eventID).sort(),
      );
      await rm(join(dir(), 'forms'), { recursive: true, force: true });
      await mkdir(join(dir(), 'forms'), { recursive: true });
    }
  });

  it('hands candidate records to the rules as CloudTrail wrote them', async () => {
    const stop = record({
      who: 'root',
      time: at(1, 2),
      name: 'StopLogging',
      source: 'cloudtrail.amazonaws.com',
      extra: { requestParameters: { name: 'org-trail' } },
    });
    const p = join(dir(), 'one.json');
    await writeFile(p, JSON.stringify({ Records: [stop] }));
    const got = await duckRows([p]);
    expect(got.candidates).toHaveLength(1);
    const c = got.candidates[0]!;
    expect(c.eventName).toBe('StopLogging');
    expect(c.requestParameters).toEqual({ name: 'org-trail' });
    expect(c.userIdentity?.type).toBe('Root');
    expect(c.readOnly).toBe(false);
  });

  it('spills candidate records to disk batch by batch and hands each out once, in its window', async () => {
    const folder = join(dir(), 'spill', 'AWSLogs', '222222222222', 'CloudTrail', 'eu-west-1', '2026', '01', '06');
    await mkdir(folder, { recursive: true });
    const stop = record({ account: '222222222222', time: at(1, 1), name: 'StopLogging', id: 'stop-1' });
    const quiet = (i: number) => record({ account: '222222222222', time: at(1, 2, i), name: 'ListBuckets' });
    const later = record({ account: '222222222222', time: at(1, 5), name: 'DeleteTrail', id: 'delete-1' });
    const file = (stamp: string, records: CloudTrailRecord[]) =>
      writeFile(
        join(folder, `222222222222_CloudTrail_eu-west-1_20260106T${stamp}Z_${stamp.padEnd(16, 'a')}.json.gz`),
        gzipSync(JSON.stringify({ Records: records })),
      );
    // The same candidate delivered twice, a file without candidates, a candidate in a later window.
    await file('0105', [stop, quiet(1)]);
    await file('0110', [stop]);
    await file('0215', [quiet(2), quiet(3)]);
    await file('0510', [later]);
    const duck = await openDuck({ threads: 2 });
    try {
      const temp = join(dir(), 'spill-tmp');
      // Every file is a batch of its own.
      const stage = await stageAt(duck, [join(dir(), 'spill')], 'spill-tmp', { batchBytes: 1 });
      // Four batches, four files on disk (activity and candidate records together), and nothing of them in a table.
      const spilled = (await readdir(temp)).filter((f) => f.endsWith('.parquet')).sort();
      expect(spilled).toEqual([0, 1, 2, 3].map((n) => `parts-${n}.parquet`));
      const kinds = (await duck.connection.runAndReadAll(`SELECT table_name FROM duckdb_tables()`))
        .getRowObjectsJson()
        .map((r) => String(r['table_name']));
      expect(kinds).not.toContain('candidates');
      expect(kinds).not.toContain('parts');
      const perFile = await duck.connection.runAndReadAll(
        `SELECT parse_filename(filename) AS f, sum(len(cands)) AS n FROM read_parquet('${temp}/parts-*.parquet', filename = true)
         WHERE cands IS NOT NULL GROUP BY ALL ORDER BY f`,
      );
      expect(perFile.getRowObjectsJson().map((r) => [String(r['f']), Number(r['n'])])).toEqual([
        ['parts-0.parquet', 1],
        ['parts-1.parquet', 1],
        ['parts-3.parquet', 1],
      ]);
      expect(stage.duplicates).toBe(1);
      // The activity read back from the files: the twice-delivered StopLogging counts once.
      const counted = await duck.connection.runAndReadAll(
        `SELECT event_name, sum(cnt) AS n FROM activity GROUP BY ALL ORDER BY event_name`,
      );
      expect(counted.getRowObjectsJson().map((r) => [String(r['event_name']), Number(r['n'])])).toEqual([
        ['DeleteTrail', 1],
        ['ListBuckets', 3],
        ['StopLogging', 1],
      ]);

      const source = new DuckActivitySource(duck);
      const windows: Array<{ start: string; ids: string[] }> = [];
      for await (const w of source.windows({
        accountId: '222222222222',
        delivered: { after: null, upTo: null },
        windowMs: HOUR,
        candidates,
      })) {
        windows.push({ start: w.window.start, ids: w.candidates.map((r) => String(r.eventID)) });
      }
      expect(windows.filter((w) => w.ids.length > 0)).toEqual([
        { start: new Date(Date.parse(at(1, 1)) - (Date.parse(at(1, 1)) % HOUR)).toISOString(), ids: ['stop-1'] },
        { start: new Date(Date.parse(at(1, 5)) - (Date.parse(at(1, 5)) % HOUR)).toISOString(), ids: ['delete-1'] },
      ]);
      await stage.cleanup();
    } finally {
      duck.close();
    }
  });

  it('reads an account span by span, the next span while the caller works, and stops cleanly when the caller does', async () => {
    const path = join(dir(), 'spans.jsonl');
    await writeFile(path, examples.map((r) => JSON.stringify(r)).join('\n'));
    const duck = await openDuck({ threads: 2 });
    try {
      const stage = await stageAt(duck, [path], 'spans-tmp');
      const query = (accountId: string) => ({
        accountId,
        delivered: { after: null, upTo: null },
        windowMs: HOUR,
        candidates,
      });
      const read = async (spanRows: number, accountId: string) => {
        const out: Array<{ start: string; rows: string[]; candidates: unknown[] }> = [];
        for await (const w of new DuckActivitySource(duck, undefined, spanRows).windows(query(accountId))) {
          out.push({ start: w.window.start, rows: w.rows.map(key), candidates: w.candidates.map((r) => r.eventID) });
        }
        return out;
      };
      const accounts = await new DuckActivitySource(duck).accounts();
      const busiest = accounts.reduce((a, b) => (b.events > a.events ? b : a));
      const whole = await read(10_000, busiest.accountId);
      expect(whole.length).toBeGreaterThan(5);
      expect(whole.some((w) => w.candidates.length > 0)).toBe(true);
      // One row per span: every window's rows and candidates, in order, as from one span.
      expect(await read(1, busiest.accountId)).toEqual(whole);

      // A caller that stops after the first window while the next span is being read.
      for await (const w of new DuckActivitySource(duck, undefined, 1).windows(query(busiest.accountId))) {
        expect(w.window.start).toBe(whole[0]!.start);
        break;
      }
      const after = await duck.connection.runAndReadAll('SELECT 42 AS n');
      expect(after.getRowObjectsJson()).toEqual([{ n: 42 }]);
      expect(await read(1, busiest.accountId)).toEqual(whole);
      await stage.cleanup();
    } finally {
      duck.close();
    }
  });

  it('counts duplicates once and processes a record stamped in the future at now, flagged', async () => {
    const folder = join(dir(), 'future', 'AWSLogs', '111111111111', 'CloudTrail', 'eu-west-1', '2026', '01', '06');
    await mkdir(folder, { recursive: true });
    const dup = record({ account: '111111111111', time: at(1, 1), name: 'GetObject', id: 'dup-1' });
    const forged = record({
      account: '111111111111',
      time: '2027-06-01T00:00:00Z',
      name: 'DeleteTrail',
      source: 'cloudtrail.amazonaws.com',
    });
    await writeFile(
      join(folder, '111111111111_CloudTrail_eu-west-1_20260106T0105Z_aaaaaaaaaaaaaaaa.json.gz'),
      gzipSync(JSON.stringify({ Records: [dup, forged] })),
    );
    await writeFile(
      join(folder, '111111111111_CloudTrail_eu-west-1_20260106T0110Z_bbbbbbbbbbbbbbbb.json.gz'),
      gzipSync(JSON.stringify({ Records: [dup] })),
    );
    const got = await duckRows([join(dir(), 'future')]);
    expect(got.stage.duplicates).toBe(1);
    expect(got.stage.future).toBe(1);
    const deleteTrail = got.rows.find((r) => r.eventName === 'DeleteTrail')!;
    // Only "now" moves an event, whatever the input form (a delivery stamp is not in every export).
    const now = new Date(NOW).toISOString();
    expect(deleteTrail.windowStart).toBe(new Date(Math.floor(NOW / HOUR) * HOUR).toISOString());
    expect(deleteTrail.futureCount).toBe(1);
    expect(deleteTrail.firstEventTime).toBe(now);
    const getObject = got.rows.find((r) => r.eventName === 'GetObject')!;
    expect(getObject.count).toBe(1);
    // Its two copies are one sample, as in the JavaScript reference (and Athena).
    expect(getObject.sampleEventIds).toEqual(['dup-1']);
    const js = await jsRows([dup, forged, dup]);
    expect(js.rows.find((r) => r.eventName === 'GetObject')!.sampleEventIds).toEqual(getObject.sampleEventIds);
  });

  it('reports every malformed file and record with its path, salvages what is readable, and goes on', async () => {
    const good = (i: number) => record({ time: at(2, 3, i), name: `Op${i}`, id: `good-${i}` });
    const m = join(dir(), 'malformed');
    await mkdir(m, { recursive: true });
    const full = gzipSync(JSON.stringify({ Records: [good(1), good(2), good(3)] }));
    await writeFile(join(m, 'truncated.json.gz'), full.subarray(0, Math.floor(full.length * 0.8)));
    await writeFile(
      join(m, 'invalid.json'),
      `{"Records":[${JSON.stringify(good(4))},${JSON.stringify(good(5))},{"eventTime": "broken`,
    );
    await writeFile(
      join(m, 'lines.jsonl'),
      [
        JSON.stringify(good(6)),
        '{"broken": ',
        JSON.stringify(good(7)),
        JSON.stringify({ ...good(8), eventTime: undefined }),
        JSON.stringify({ ...good(9), eventName: undefined }),
      ].join('\n'),
    );
    await writeFile(
      join(m, 'huge.json'),
      JSON.stringify({
        Records: [good(10), { ...good(11), requestParameters: { blob: 'x'.repeat(5 * 1024 * 1024) } }],
      }),
    );
    const got = await duckRows([m]);
    const ids = new Set(got.rows.flatMap((r) => r.sampleEventIds));
    const kept = got.rows.reduce((n, r) => n + r.count, 0);
    // An oversized record is still processed (who, what, where, when), its bulky fields cut and counted.
    for (const id of ['good-4', 'good-5', 'good-6', 'good-7', 'good-10', 'good-11']) expect(ids, id).toContain(id);
    for (const id of ['good-8', 'good-9']) expect(ids, id).not.toContain(id);
    expect(got.stage.oversized).toBe(1);
    expect(kept).toBeGreaterThanOrEqual(5); // 4, 5, 6, 7, 10, and whatever of the truncated gzip was complete
    const reasons = got.stage.malformed;
    expect(reasons['missing-eventTime']).toBe(1);
    expect(reasons['missing-eventName']).toBe(1);
    expect(Object.keys(reasons).some((r) => /gzip/.test(r))).toBe(true);
    expect(reasons['invalid-json']! + (reasons['truncated-json'] ?? 0)).toBeGreaterThanOrEqual(2);
    const paths = new Set(got.stage.problems.map((p) => p.path));
    for (const f of ['truncated.json.gz', 'invalid.json', 'lines.jsonl'])
      expect(
        [...paths].some((p) => p.endsWith(f)),
        f,
      ).toBe(true);
  });

  it('reads a file DuckDB cannot take as it is once, through the JavaScript reader, with nothing counted twice', async () => {
    const ok = (i: number) => record({ time: at(2, 4, i), name: `Mixed${i}`, id: `mixed-${i}` });
    const m = join(dir(), 'mixed');
    await mkdir(m, { recursive: true });
    // Delivery files concatenated with an object that is not one among them (DuckDB reads the others first).
    await writeFile(
      join(m, 'concatenated.json'),
      `${JSON.stringify({ Records: [ok(1), ok(2)] })}\n{"foo":1}\n${JSON.stringify({ Records: [ok(3)] })}\n`,
    );
    // One record per line in a file named like a CloudTrail delivery (taken as one without a look).
    const named = join(m, 'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/06');
    await mkdir(named, { recursive: true });
    await writeFile(
      join(named, '111122223333_CloudTrail_us-east-1_20260106T0500Z_abcdefabcdefabcd.json.gz'),
      gzipSync(`${JSON.stringify(ok(4))}\n${JSON.stringify(ok(5))}\n`),
    );
    // Records and a delivery file's object, one per line.
    await writeFile(
      join(m, 'records-and-deliveries.jsonl'),
      [JSON.stringify(ok(6)), JSON.stringify({ Records: [ok(7), ok(8)] }), JSON.stringify(ok(9))].join('\n'),
    );
    // JSON Lines with a byte order mark (as Windows tools write it), which DuckDB's line reader keeps in the first line.
    await writeFile(join(m, 'bom.jsonl'), `\ufeff${JSON.stringify(ok(10))}\r\n${JSON.stringify(ok(11))}\r\n`);
    const got = await duckRows([m]);
    const ids = got.rows.flatMap((r) => r.sampleEventIds).sort(compareCodePoints);
    expect(ids).toEqual([1, 10, 11, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `mixed-${i}`));
    expect(got.rows.reduce((n, r) => n + r.count, 0)).toBe(11);
    expect(got.stage.duplicates).toBe(0);
    expect(got.stage.records).toBe(12);
    expect(got.stage.malformed).toEqual({ 'unexpected-shape': 1 });
  });

  it('says when records without eventTime have lower-case field names (an Athena export)', async () => {
    const m = join(dir(), 'athena');
    await mkdir(m, { recursive: true });
    const lower = (i: number) =>
      JSON.stringify({ eventtime: at(2, 5, i), eventname: 'ListBuckets', eventsource: 's3.amazonaws.com' });
    await writeFile(join(m, 'athena-results.jsonl'), [lower(1), lower(2), lower(3)].join('\n'));
    await writeFile(join(m, 'other.jsonl'), JSON.stringify({ eventName: 'ListBuckets' }));
    const got = await duckRows([m]);
    expect(got.stage.malformed).toEqual({ 'missing-eventTime': 4 });
    const byFile = Object.fromEntries(got.stage.problems.map((p) => [p.path.split('/').pop(), p]));
    expect(byFile['athena-results.jsonl']).toMatchObject({ reason: 'missing-eventTime', records: 3 });
    expect(byFile['athena-results.jsonl']?.detail).toMatch(/lower-case field names: an Athena export/);
    expect(byFile['other.jsonl']).toEqual({ path: join(m, 'other.jsonl'), reason: 'missing-eventTime', records: 1 });
  });
});
