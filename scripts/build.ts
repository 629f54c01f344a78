/**
 * `npm run build`: bundles each Lambda entry point with esbuild into `dist/<name>/index.mjs` (ESM,
 * node22, minified, source map, AWS SDK v3 inside) and zips it reproducibly as `dist/<name>.zip`, the
 * file the infrastructure uploads. A bundle that would pull in `@duckdb/*` (the local runtime's native
 * engine) fails the build: it cannot run in Lambda and would add 60 MB.
 * It also bundles the `ct-anomaly` command into `dist/cli/` (scripts/build-cli.ts); `--cli` builds only
 * that (what `npm run prepare` does).
 * @module
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { ASN_FILE } from '../functions/adapters/asn/index.js';
import { buildAsnTable } from './build-asn.js';
import { buildCli } from './build-cli.js';
import { REQUIRE_SHIM } from './require-shim.js';

/** The Lambda functions and their fixed entry points. */
export const LAMBDA_ENTRIES = {
  detector: 'functions/detector/index.ts',
  aggregator: 'functions/aggregator/index.ts',
  monitor: 'functions/monitor/index.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** What one bundle produced. */
export interface BundleReport {
  name: string;
  bundlePath: string;
  zipPath: string;
  bundleBytes: number;
  zipBytes: number;
  sha256: string;
  millis: number;
  /** Modules the bundle still imports at run time (Node built-ins only, for a self-contained bundle). */
  runtimeImports: string[];
}

export interface BuildOptions {
  /** Repository root (entry paths are relative to it). */
  rootDir: string;
  /** Output folder; default `<rootDir>/dist`. */
  outDir?: string;
  /** name -> entry path relative to rootDir; default LAMBDA_ENTRIES. */
  entries?: Readonly<Record<string, string>>;
  /** name -> data files put beside the bundle and in its zip; default: the ASN table for the detector. */
  files?: Readonly<Record<string, ReadonlyArray<{ name: string; path: string }>>>;
}

/** Fails the build on any import of `@duckdb/*`, naming the importer. */
const forbidDuckdb: Plugin = {
  name: 'forbid-duckdb',
  setup(b) {
    b.onResolve({ filter: /^@duckdb\// }, (args) => ({
      errors: [
        {
          text: `${args.path} must not be bundled into a Lambda (imported by ${args.importer}): the DuckDB engine is for the local CLI only`,
        },
      ],
    }));
  },
};

/** Bundles and zips every entry; throws (with esbuild's messages) when one fails. */
export async function buildBundles(options: BuildOptions): Promise<BundleReport[]> {
  const outDir = options.outDir ?? join(options.rootDir, 'dist');
  // The detector reads the ASN table beside its bundle (the network dimension); the others need no data.
  const dataFiles = options.files ?? { detector: [{ name: ASN_FILE, path: buildAsnTable(options.rootDir).path }] };
  const reports: BundleReport[] = [];
  for (const [name, entry] of Object.entries(options.entries ?? LAMBDA_ENTRIES)) {
    const started = performance.now();
    const bundlePath = join(outDir, name, 'index.mjs');
    const result = await build({
      metafile: true,
      entryPoints: [resolve(options.rootDir, entry)],
      outfile: bundlePath,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      legalComments: 'none',
      banner: { js: REQUIRE_SHIM },
      plugins: [forbidDuckdb],
      logLevel: 'silent',
    });
    const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
    const runtimeImports = [...new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path))].sort();
    const code = readFileSync(bundlePath);
    const map = readFileSync(`${bundlePath}.map`);
    const extra = dataFiles[name] ?? [];
    for (const file of extra) copyFileSync(file.path, join(outDir, name, file.name));
    const zip = zipFiles([
      { name: 'index.mjs', data: code },
      { name: 'index.mjs.map', data: map },
      ...extra.map((file) => ({ name: file.name, data: readFileSync(file.path) })),
    ]);
    const zipPath = join(outDir, `${name}.zip`);
    writeFileSync(zipPath, zip);
    reports.push({
      name,
      bundlePath,
      zipPath,
      bundleBytes: code.length,
      zipBytes: zip.length,
      sha256: createHash('sha256').update(zip).digest('hex'),
      millis: Math.round(performance.now() - started),
      runtimeImports,
    });
  }
  return reports;
}

/** One file to put in a zip. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00 in DOS format: a fixed timestamp makes the zip (and so its hash, and so the S3 key
// of the agent code) depend on the content only, so a rebuild without changes rolls out nothing.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A reproducible zip (deflate, fixed timestamps, files world-readable) of the given entries. */
export function zipFiles(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is honoured
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

async function main(): Promise<void> {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const cli = await buildCli({ rootDir });
  console.log(
    `${'cli'.padEnd(11)} ${relative(rootDir, cli.entryPath).padEnd(28)} ${formatBytes(cli.bytes).padStart(9)}` +
      `  ${cli.files.length} files, external ${cli.runtimeImports.join(', ')}  ${cli.millis} ms`,
  );
  if (process.argv.includes('--cli')) return;
  const reports = await buildBundles({ rootDir });
  for (const r of reports) {
    console.log(
      `${r.name.padEnd(11)} ${relative(rootDir, r.bundlePath).padEnd(28)} ${formatBytes(r.bundleBytes).padStart(9)}` +
        `  zip ${formatBytes(r.zipBytes).padStart(9)}  sha256 ${r.sha256.slice(0, 12)}  ${r.millis} ms`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
