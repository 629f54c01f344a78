import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileTable, type InputFile } from '../../../../../functions/adapters/local/files/index.js';

const folder = join('/data', 'AWSLogs', 'o-a1b2c3d4e5', '111122223333', 'CloudTrail', 'us-east-1', '2024', '03', '01');
const layout = (deliveredAt: string | null, accountId = '111122223333') => ({
  orgId: 'o-a1b2c3d4e5',
  accountId,
  region: 'us-east-1',
  date: '2024-03-01',
  deliveredAt,
});

const files: InputFile[] = [
  {
    path: join(folder, '111122223333_CloudTrail_us-east-1_20240301T0005Z_Zq9YxWvUt8SrQp7O.json.gz'),
    size: 671,
    compressed: true,
    format: 'delivery',
    layout: layout('2024-03-01T00:05:00Z'),
    multiline: false,
    sniffed: false,
  },
  {
    path: join(folder, '111122223333_CloudTrail_us-east-1_20240301T0010Z_Ab12Cd34Ef56Gh78.json.gz'),
    size: 2 ** 33 + 1,
    compressed: true,
    format: 'delivery',
    layout: layout('2024-03-01T00:10:00Z'),
    multiline: false,
    sniffed: false,
  },
  {
    path: join(folder, 'renamed-by-hand.json'),
    size: 12,
    compressed: false,
    format: 'array',
    layout: layout(null, '444455556666'),
    multiline: false,
    sniffed: true,
  },
  { path: 'pretty.json', size: 3, compressed: false, format: 'lines', layout: null, multiline: true, sniffed: true },
  {
    path: `${sep}exports${sep}lines.jsonl.gz`,
    size: 0,
    compressed: true,
    format: 'lines',
    layout: null,
    multiline: false,
    sniffed: true,
  },
];

describe('the table of the files a scan reads', () => {
  it('gives every file back as it was added, in order', () => {
    const table = FileTable.of(files);
    expect(table.length).toBe(files.length);
    expect([...table]).toEqual(files);
    expect(files.map((_, i) => table.at(i))).toEqual(files);
  });

  it('keeps a path whose name is not the one given whole', () => {
    const table = new FileTable();
    table.add(files[0]!, 'another-name.json.gz');
    table.add({ ...files[3]!, path: `${sep}top.json` }, 'top.json');
    expect([...table].map((f) => f.path)).toEqual([files[0]!.path, `${sep}top.json`]);
  });

  it('filters into a table of the files kept, in order, the others untouched', () => {
    const table = FileTable.of(files);
    const kept = table.filter((f, i) => i !== 1 && f.format !== 'lines');
    expect([...kept]).toEqual([files[0], files[2]]);
    expect([...table]).toEqual(files);
    expect(kept.filter(() => false).length).toBe(0);
  });

  it('names the accounts of the layout its files sit in, in the order met', () => {
    const table = FileTable.of(files);
    expect([...table.accounts()]).toEqual(['111122223333', '444455556666']);
    expect([...table.filter((f) => f.layout?.deliveredAt === null).accounts()]).toEqual(['444455556666']);
    expect([...table.filter((f) => f.layout === null).accounts()]).toEqual([]);
  });

  it('refuses a file it does not hold', () => {
    const table = FileTable.of(files);
    expect(() => table.at(files.length)).toThrow(RangeError);
    expect(() => table.at(-1)).toThrow(RangeError);
    expect(() => new FileTable().at(0)).toThrow(RangeError);
  });

  it('grows past its first columns without losing a file', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      ...files[0]!,
      path: join(folder, `f${i}.json.gz`),
      size: i,
    }));
    const table = FileTable.of(many);
    expect([...table]).toEqual(many);
  });
});
