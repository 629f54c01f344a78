import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverInputs, type InputFormat } from '../../../../../functions/adapters/local/files/discover.js';
import { readRecords } from '../../../../../functions/adapters/local/files/read.js';
import { trailDiscoverRecords } from '../../../../support/shared-data.js';
import { chunked, collect, makeRecords, prng, split } from '../../../engine/cloudtrail/support.js';
import { makeTempDir, useTempDir } from '../../../../support/temp-dir.js';

const records = makeRecords(40);
const delivery = JSON.stringify({ Records: records });
const lines = records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Every input form, built from the same records: file name, bytes, the format discovery must report. */
const forms: Array<[string, Buffer, InputFormat, boolean]> = [
  ['delivery.json', Buffer.from(delivery), 'delivery', false],
  ['delivery.json.gz', gzipSync(delivery), 'delivery', true],
  ['delivery-pretty.json', Buffer.from(JSON.stringify({ Records: records }, null, 2)), 'delivery', false],
  ['delivery-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(delivery)]), 'delivery', false],
  ['array.json', Buffer.from(JSON.stringify(records, null, 2)), 'array', false],
  ['array.json.gz', gzipSync(JSON.stringify(records)), 'array', true],
  ['lines.jsonl', Buffer.from(lines), 'lines', false],
  ['lines.jsonl.gz', gzipSync(lines), 'lines', true],
  ['lines-crlf.ndjson', Buffer.from(lines.replace(/\n/g, '\r\n')), 'lines', false],
  ['lines-no-final-newline.jsonl', Buffer.from(lines.trimEnd()), 'lines', false],
  ['jq-pretty.json', Buffer.from(records.map((r) => JSON.stringify(r, null, 2)).join('\n')), 'lines', false],
  [
    'delivery-per-line.jsonl',
    Buffer.from([0, 20].map((i) => JSON.stringify({ Records: records.slice(i, i + 20) })).join('\n')),
    'delivery',
    false,
  ],
  [
    'concatenated-deliveries.json',
    Buffer.from(JSON.stringify({ Records: records.slice(0, 15) }) + JSON.stringify({ Records: records.slice(15) })),
    'delivery',
    false,
  ],
];

describe('every input form gives the same records', () => {
  const dir = useTempDir('ct-read-', 'all');
  beforeAll(async () => {
    for (const [name, bytes] of forms) await writeFile(join(dir(), name), bytes);
  });

  it.each(forms)('%s', async (name, _bytes, format, compressed) => {
    const { files: table, skipped } = await discoverInputs([join(dir(), name)]);
    const files = [...table];
    expect(skipped).toEqual([]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ format, compressed, layout: null });

    const items = await collect(readRecords(files[0]!));
    const { records: read, problems } = split(items);
    expect(problems).toEqual([]);
    expect(read).toEqual(records);
    expect(items.map((item) => item.index)).toEqual(records.map((_, i) => i));
  });

  it('reports a pretty-printed lines file as multiline, and plain JSONL as not', async () => {
    const files = [...(await discoverInputs([join(dir(), 'jq-pretty.json'), join(dir(), 'lines.jsonl')])).files];
    expect(files.map((f) => [f.format, f.multiline])).toEqual([
      ['lines', true],
      ['lines', false],
    ]);
  });

  it('gives line numbers for one-record-per-line input', async () => {
    const files = [...(await discoverInputs([join(dir(), 'lines.jsonl')])).files];
    const items = await collect(readRecords(files[0]!));
    expect(items.slice(0, 3).map((item) => item.line)).toEqual([1, 2, 3]);
  });
});

/** Real records: Data from TrailDiscover by Adan Alvarez, CC BY 4.0 (beside the repository as ../shared). */
const trailDiscover: unknown[] = trailDiscoverRecords();

describe('315 real TrailDiscover records', () => {
  it.each([
    ['delivery, gzip', (r: unknown[]) => gzipSync(JSON.stringify({ Records: r }))],
    ['JSONL', (r: unknown[]) => Buffer.from(r.map((x) => JSON.stringify(x)).join('\n'))],
    ['pretty array', (r: unknown[]) => Buffer.from(JSON.stringify(r, null, 2))],
  ])('come back unchanged (%s)', async (_name, encode) => {
    const stream = Readable.from([encode(trailDiscover)]);
    const { records: read, problems } = split(await collect(readRecords({ path: '-', stream })));
    expect(problems).toEqual([]);
    expect(read).toEqual(trailDiscover);
  });
});

describe('standard input', () => {
  const stdin = (chunks: Buffer[]) => ({ path: '-' as const, stream: Readable.from(chunks) });

  it.each([
    ['plain JSONL', Buffer.from(lines)],
    ['gzip JSONL', gzipSync(lines)],
    ['plain delivery', Buffer.from(delivery)],
    ['gzip delivery', gzipSync(delivery)],
    ['plain array', Buffer.from(JSON.stringify(records))],
  ])('reads %s, sniffing format and gzip from the bytes', async (_name, bytes) => {
    const { records: read, problems } = split(await collect(readRecords(stdin([bytes]))));
    expect(problems).toEqual([]);
    expect(read).toEqual(records);
  });

  it('reads the same records whatever the chunk boundaries (strings, escapes and brackets cut anywhere)', async () => {
    const random = prng(7);
    for (const bytes of [Buffer.from(delivery), Buffer.from(lines), Buffer.from(JSON.stringify(records, null, 1))]) {
      for (const max of [1, 3, 17, 400]) {
        const { records: read, problems } = split(await collect(readRecords(stdin(chunked(bytes, random, max)))));
        expect(problems).toEqual([]);
        expect(read).toEqual(records);
      }
    }
  });

  it('reads concatenated gzip files in full (cat *.json.gz | ct-anomaly scan -)', async () => {
    const parts = [records.slice(0, 10), records.slice(10, 25), records.slice(25)].map((part) =>
      gzipSync(JSON.stringify({ Records: part })),
    );
    const { records: read, problems } = split(await collect(readRecords(stdin([Buffer.concat(parts)]))));
    expect(problems).toEqual([]);
    expect(read).toEqual(records);
  });

  it('reports empty standard input instead of yielding nothing', async () => {
    const items = await collect(readRecords(stdin([])));
    expect(items).toEqual([
      { ok: false, path: '-', index: null, reason: 'empty-input', detail: 'no data', records: 0 },
    ]);
  });
});

describe('aws cloudtrail lookup-events output', () => {
  const output = {
    Events: records.map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: 'true',
      EventTime: String(r.eventTime).replace('Z', '+00:00'),
      EventSource: r.eventSource,
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    })),
    NextToken: 'eyJhbGciOiJIUzI1NiJ9.example',
  };

  it.each([
    ['as the CLI prints it', JSON.stringify(output, null, 4)],
    ['compacted by jq -c', JSON.stringify(output)],
  ])('reads the records carried as strings (%s)', async (_name, text) => {
    const dir = makeTempDir('ct-read-');
    await writeFile(join(dir, 'lookup-events.json'), text);
    const files = [...(await discoverInputs([dir])).files];
    expect(files[0]).toMatchObject({ format: 'lines', multiline: true });
    const { records: read, problems } = split(await collect(readRecords(files[0]!)));
    expect(problems).toEqual([]);
    expect(read).toEqual(records);
  });
});

describe('content wins over the name', () => {
  it('reads a .json.gz in the S3 layout that is really uncompressed JSONL', async () => {
    const dir = makeTempDir('ct-read-');
    const folder = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2024', '03', '01');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder, { recursive: true }));
    const path = join(folder, '111122223333_CloudTrail_us-east-1_20240301T1005Z_Ab12Cd34Ef56Gh78.json.gz');
    await writeFile(path, lines);
    const files = [...(await discoverInputs([dir])).files];
    expect(files[0]).toMatchObject({ format: 'delivery', compressed: true, sniffed: false });
    const { records: read, problems } = split(await collect(readRecords(files[0]!)));
    expect(problems).toEqual([]);
    expect(read).toEqual(records);
  });
});
