import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { InputFile, InputFormat } from '../../../../../functions/adapters/local/files/discover.js';
import { readRecords, type ReadItem } from '../../../../../functions/adapters/local/files/read.js';
import { collect, countReasons, makeRecord, makeRecords, split } from '../../../engine/cloudtrail/support.js';
import { useTempDir } from '../../../../support/temp-dir.js';

const dir = useTempDir('ct-read-', 'all');

/** Writes bytes and reads them back as a discovered file of the given format. */
async function read(name: string, bytes: Buffer | string, format: InputFormat, options = {}): Promise<ReadItem[]> {
  const path = join(dir(), name);
  await writeFile(path, bytes);
  const file: InputFile = {
    path,
    size: Buffer.byteLength(bytes),
    compressed: false,
    format,
    layout: null,
    multiline: false,
    sniffed: true,
  };
  return collect(readRecords(file, options));
}

const eventIds = (items: ReadItem[]) => items.filter((i) => i.ok).map((i) => (i.ok ? i.record.eventID : ''));
const ids = (from: number, to: number) =>
  makeRecords(to)
    .slice(from)
    .map((r) => r.eventID);

describe('truncated and damaged gzip', () => {
  const original = makeRecords(300);
  const gz = gzipSync(JSON.stringify({ Records: original }));

  it('keeps every complete record before the cut of a truncated gzip, then reports the file once', async () => {
    const items = await read('cut.json.gz', gz.subarray(0, Math.floor(gz.length * 0.6)), 'delivery');
    const { records, problems } = split(items);
    expect(records.length).toBeGreaterThan(50);
    expect(records.length).toBeLessThan(300);
    expect(records).toEqual(original.slice(0, records.length));
    expect(problems).toEqual(['truncated-gzip@file']);
    const last = items.at(-1)!;
    expect(last).toMatchObject({ ok: false, index: null, records: records.length });
    expect(!last.ok && last.detail).toMatch(/unexpected end of file after \d+ records; input ends inside record \d+/);
  });

  it('reports a gzip whose checksum does not match, after the records it could inflate', async () => {
    const bad = Buffer.from(gz);
    bad[bad.length - 6]! ^= 0xff;
    const { records, problems } = split(await read('crc.json.gz', bad, 'delivery'));
    expect(problems).toEqual(['corrupt-gzip@file']);
    expect(records).toEqual(original.slice(0, records.length));
  });
});

describe('invalid JSON in a delivery file', () => {
  const text = JSON.stringify({ Records: makeRecords(10) });

  it('reports a record with a syntax error by its index and reads the others', async () => {
    const broken = text.replace('"eventName":"Op3"', '"eventName":Op3');
    const items = await read('syntax.json', broken, 'delivery');
    expect(split(items).problems).toEqual(['invalid-json@3']);
    expect(eventIds(items)).toEqual(ids(0, 10).filter((_, i) => i !== 3));
  });

  it('salvages the records before a lost quote and finds the records after it', async () => {
    const broken = text.replace('"eventName":"Op4"', '"eventName:"Op4"');
    const items = await read('quote.json', broken, 'delivery');
    const { problems } = split(items);
    expect(eventIds(items).slice(0, 4)).toEqual(ids(0, 4));
    expect(eventIds(items)).toContain(ids(0, 10)[9]);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems.every((p) => p.startsWith('invalid-json'))).toBe(true);
  });

  it('reports a plain file cut in the middle of a record as truncated JSON, keeping what came before', async () => {
    const cut = text.slice(0, text.indexOf('"Op6"'));
    const items = await read('cut.json', cut, 'delivery');
    expect(eventIds(items)).toEqual(ids(0, 6));
    expect(split(items).problems).toEqual(['truncated-json@file']);
    expect(items.at(-1)).toMatchObject({ records: 6 });
  });

  it('reports data after the end of the delivery object, keeping the records', async () => {
    const items = await read('trailing.json', `${text}\n<html>oops</html>`, 'delivery');
    expect(eventIds(items)).toEqual(ids(0, 10));
    expect(split(items).problems).toEqual(['invalid-json@file']);
  });

  it('reports Records that is not an array, and an object without Records', async () => {
    expect(split(await read('shape1.json', '{"Records": {"eventName": "x"}}', 'delivery')).problems).toEqual([
      'unexpected-shape@file',
    ]);
    expect(split(await read('shape2.json', '{"Records": []}{"other": 1}', 'delivery')).problems).toEqual([
      'unexpected-shape@file',
    ]);
  });

  it('reports elements that are not objects in an array file', async () => {
    const items = await read('scalars.json', `[1, "text", null, ${JSON.stringify(makeRecord(0))}, [2]]`, 'array');
    expect(split(items).problems).toEqual(['not-an-object@0', 'not-an-object@1', 'not-an-object@2', 'not-an-object@4']);
    expect(eventIds(items)).toEqual(ids(0, 1));
  });
});

describe('one record per line', () => {
  it('reports an invalid line by index and line number and goes on', async () => {
    const rows = makeRecords(5).map((r) => JSON.stringify(r));
    rows.splice(2, 0, '{"eventTime": "2024-03-01T00:00:00Z", "eventName": oops}');
    const items = await read('bad-line.jsonl', rows.join('\n'), 'lines');
    expect(split(items).problems).toEqual(['invalid-json@2']);
    expect(items[2]).toMatchObject({ ok: false, line: 3 });
    expect(eventIds(items)).toEqual(ids(0, 5));
  });

  it('does not let a truncated line swallow the lines after it', async () => {
    const rows = makeRecords(4).map((r) => JSON.stringify(r));
    rows[1] = rows[1]!.slice(0, 120);
    const items = await read('cut-line.jsonl', rows.join('\n'), 'lines');
    expect(split(items).problems).toEqual(['invalid-json@1']);
    expect(eventIds(items)).toEqual(ids(0, 4).filter((_, i) => i !== 1));
  });

  it('counts one problem for a broken pretty-printed record and reads the next one', async () => {
    const pretty = makeRecords(3).map((r) => JSON.stringify(r, null, 2));
    pretty[1] = pretty[1]!.replace('"Op1"', '"Op1');
    const items = await read('pretty.json', pretty.join('\n'), 'lines');
    expect(split(items).problems).toEqual(['invalid-json@1']);
    expect(eventIds(items)).toEqual(ids(0, 3).filter((_, i) => i !== 1));
  });

  it('reports a last record cut short as truncated JSON', async () => {
    const pretty = makeRecords(2)
      .map((r) => JSON.stringify(r, null, 2))
      .join('\n');
    const items = await read('pretty-cut.json', pretty.slice(0, pretty.length - 40), 'lines');
    expect(eventIds(items)).toEqual(ids(0, 1));
    expect(split(items).problems).toEqual(['truncated-json@file']);
  });
});

describe('records missing what every consumer needs', () => {
  const { eventTime: _t, ...noTime } = makeRecord(1);
  const { eventName: _n, ...noName } = makeRecord(2);
  const rows = [
    makeRecord(0),
    noTime,
    noName,
    makeRecord(3, { eventTime: 'yesterday' }),
    makeRecord(4, { eventTime: '' }),
    makeRecord(5, { eventTime: '2024-03-01 10:00:00.000' }),
  ];

  it.each(['delivery', 'lines'] as const)('reports each by reason and index (%s)', async (format) => {
    const bytes =
      format === 'delivery' ? JSON.stringify({ Records: rows }) : rows.map((r) => JSON.stringify(r)).join('\n');
    const items = await read(`fields-${format}.json`, bytes, format);
    expect(split(items).problems).toEqual([
      'missing-eventTime@1',
      'missing-eventName@2',
      'invalid-eventTime@3',
      'missing-eventTime@4',
    ]);
    expect(eventIds(items)).toEqual([rows[0]!.eventID, rows[5]!.eventID]);
  });

  it('parses the event time once, including the space-separated form of exports', async () => {
    const items = await read('times.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'), 'lines');
    const ok = items.filter((i) => i.ok);
    expect(ok.map((i) => i.ok && i.eventTimeMs)).toEqual([
      Date.parse(String(rows[0]!.eventTime)),
      Date.parse('2024-03-01T10:00:00.000Z'),
    ]);
  });

  it('hints at lower-case field names (an Athena export)', async () => {
    const items = await read('lower.jsonl', '{"eventtime":"2024-03-01T00:00:00Z","eventname":"ListBuckets"}', 'lines');
    expect(items[0]).toMatchObject({ ok: false, reason: 'missing-eventTime' });
    expect(!items[0]!.ok && items[0]!.detail).toMatch(/Athena/);
  });
});

describe('oversized records', () => {
  const big = makeRecord(1, { requestParameters: { blob: 'x'.repeat(5 * 1024 * 1024) } });
  const rows = [makeRecord(0), big, makeRecord(2)];

  it.each(['delivery', 'lines'] as const)(
    'reads a 5 MB record (processed downstream with its bulky fields cut) and its neighbours (%s)',
    async (format) => {
      const bytes =
        format === 'delivery' ? JSON.stringify({ Records: rows }) : rows.map((r) => JSON.stringify(r)).join('\n');
      const items = await read(`big-${format}.json`, bytes, format);
      expect(split(items).problems).toEqual([]);
      expect(eventIds(items)).toEqual(rows.map((r) => r.eventID));
      // The guard against memory still holds: above maxRecordBytes a record is reported, its neighbours read.
      const guarded = await read(`big-guard-${format}.json`, bytes, format, { maxRecordBytes: 1024 * 1024 });
      expect(split(guarded).problems).toEqual(['oversized@1']);
      expect(eventIds(guarded)).toEqual([rows[0]!.eventID, rows[2]!.eventID]);
    },
  );

  it('honours maxRecordBytes', async () => {
    const items = await read(
      'small-limit.jsonl',
      makeRecords(3)
        .map((r) => JSON.stringify(r))
        .join('\n'),
      'lines',
      { maxRecordBytes: 100 },
    );
    expect(countReasons(items)).toEqual({ oversized: 3 });
  });
});

describe('files that cannot be read', () => {
  it('reports an empty file as empty input', async () => {
    expect(split(await read('empty.json', '', 'delivery')).problems).toEqual(['empty-input@file']);
  });

  it('reports a file removed since discovery, and a folder, as unreadable', async () => {
    const gone: InputFile = {
      path: join(dir(), 'gone.json.gz'),
      size: 10,
      compressed: true,
      format: 'delivery',
      layout: null,
      multiline: false,
      sniffed: false,
    };
    expect(split(await collect(readRecords(gone))).problems).toEqual(['unreadable-file@file']);
    await mkdir(join(dir(), 'folder.json'));
    expect(split(await collect(readRecords({ ...gone, path: join(dir(), 'folder.json') }))).problems).toEqual([
      'unreadable-file@file',
    ]);
  });

  it('reports a stream that fails mid-way after the records it delivered', async () => {
    const text =
      makeRecords(3)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n';
    const stream = Readable.from(
      (async function* () {
        yield Buffer.from(text);
        throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
      })(),
    );
    const { records, problems } = split(await collect(readRecords({ path: '-', stream })));
    expect(records).toHaveLength(3);
    expect(problems).toEqual(['unreadable-file@file']);
  });
});

describe('everything is accounted for', () => {
  it('gives exact counts for a file mixing every record problem', async () => {
    const good = makeRecords(20).map((r) => JSON.stringify(r));
    const lines = [
      ...good.slice(0, 5),
      'not json at all',
      JSON.stringify({ ...makeRecord(90), eventTime: undefined }),
      JSON.stringify({ ...makeRecord(91), eventName: undefined }),
      JSON.stringify(makeRecord(92, { eventTime: '2024-13-45T99:00:00Z' })),
      '42',
      JSON.stringify(makeRecord(93, { requestParameters: { blob: 'y'.repeat(2 * 1024 * 1024) } })),
      ...good.slice(5),
    ];
    const items = await read('mixed.jsonl', lines.join('\n'), 'lines');
    expect(countReasons(items)).toEqual({
      'invalid-json': 1,
      'missing-eventTime': 1,
      'missing-eventName': 1,
      'invalid-eventTime': 1,
      'not-an-object': 1,
    });
    expect(items.filter((i) => i.ok)).toHaveLength(21);
    expect(items).toHaveLength(26);
    expect(items.map((i) => i.index)).toEqual(Array.from({ length: 26 }, (_, i) => i));
  });
});
