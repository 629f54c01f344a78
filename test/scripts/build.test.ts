import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, LAMBDA_ENTRIES, zipFiles, type BundleReport } from '../../scripts/build.js';
import { ROOT } from '../infra/support/synth.js';

/** Reads a zip through its central directory, the way Lambda does. */
function unzip(zip: Buffer): Map<string, { data: Buffer; mode: number }> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, { data: Buffer; mode: number }>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(dataStart, dataStart + size);
    files.set(name, { data: method === 8 ? inflateRawSync(packed) : packed, mode });
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

describe('npm run build (scripts/build.ts)', () => {
  const work = join(ROOT, 'test-output', 'build-test');
  let reports: BundleReport[];

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    reports = await buildBundles({ rootDir: ROOT, outDir: join(work, 'dist') });
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('bundles each Lambda entry point into dist/<name>/index.mjs and a zip Lambda can read', () => {
    expect(reports.map((r) => r.name)).toEqual(Object.keys(LAMBDA_ENTRIES));
    for (const report of reports) {
      const code = readFileSync(report.bundlePath);
      expect(report.bundlePath).toBe(join(work, 'dist', report.name, 'index.mjs'));
      const files = unzip(readFileSync(report.zipPath));
      // the detector carries the network dimension's ASN table beside its bundle
      expect([...files.keys()]).toEqual([
        'index.mjs',
        'index.mjs.map',
        ...(report.name === 'detector' ? ['asn.bin.gz'] : []),
      ]);
      expect(files.get('index.mjs')!.data.equals(code)).toBe(true);
      expect(files.get('index.mjs')!.mode & 0o444).toBe(0o444);
      expect(report.sha256).toBe(createHash('sha256').update(readFileSync(report.zipPath)).digest('hex'));
      expect(code.toString('utf8')).toMatch(/export\s*\{[^}]*\bhandler\b/);
      expect(
        report.runtimeImports.filter((path) => !path.startsWith('node:') && !builtinModules.includes(path)),
        report.name,
      ).toEqual([]);
    }
  });

  it('is reproducible: the same sources give byte-identical zips, wherever they are written', async () => {
    const entry = join(work, 'stable-entry.ts');
    writeFileSync(
      entry,
      "import { gzipSync } from 'node:zlib';\nexport const handler = async (e: string) => gzipSync(e).length;\n",
    );
    const [first] = await buildBundles({ rootDir: ROOT, outDir: join(work, 'one'), entries: { stable: entry } });
    const [second] = await buildBundles({ rootDir: ROOT, outDir: join(work, 'two'), entries: { stable: entry } });
    expect(second!.sha256).toBe(first!.sha256);
    writeFileSync(
      entry,
      "import { gzipSync } from 'node:zlib';\nexport const handler = async (e: string) => gzipSync(e).length + 1;\n",
    );
    const [changed] = await buildBundles({ rootDir: ROOT, outDir: join(work, 'three'), entries: { stable: entry } });
    expect(changed!.sha256).not.toBe(first!.sha256);
  });

  it('bundles the AWS SDK inside instead of importing it at run time', async () => {
    const entry = join(work, 'sdk-entry.ts');
    writeFileSync(
      entry,
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => new DynamoDBClient({}).config.serviceId;\n",
    );
    const [report] = await buildBundles({ rootDir: ROOT, outDir: join(work, 'sdk'), entries: { sdk: entry } });
    const code = readFileSync(report!.bundlePath, 'utf8');
    const notBuiltIn = report!.runtimeImports.filter(
      (path) => !path.startsWith('node:') && !builtinModules.includes(path),
    );
    expect(notBuiltIn).toEqual([]);
    expect(code.includes('DynamoDB')).toBe(true);
  });

  it('fails when a Lambda would pull in @duckdb, naming the importer', async () => {
    const entry = join(work, 'duck-entry.ts');
    writeFileSync(
      entry,
      "import { DuckDBInstance } from '@duckdb/node-api';\nexport const handler = async () => DuckDBInstance.create(':memory:');\n",
    );
    await expect(buildBundles({ rootDir: ROOT, outDir: join(work, 'duck'), entries: { duck: entry } })).rejects.toThrow(
      /@duckdb\/node-api must not be bundled into a Lambda \(imported by .*duck-entry\.ts\)/,
    );
  });

  it('writes zips with fixed timestamps, so only content changes the hash', () => {
    const a = zipFiles([{ name: 'index.mjs', data: Buffer.from('a') }]);
    const b = zipFiles([{ name: 'index.mjs', data: Buffer.from('a') }]);
    const c = zipFiles([{ name: 'index.mjs', data: Buffer.from('b') }]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(unzip(c).get('index.mjs')!.data.toString()).toBe('b');
  });
});
