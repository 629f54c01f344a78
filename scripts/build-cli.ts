/**
 * The `ct-anomaly` command as bundled JavaScript in `dist/cli/`: what `bin/ct-anomaly.js` runs and the npm
 * package ships. ESM, split so that each command (and the AWS SDK, bundled inside) is loaded only when it
 * runs; `@duckdb/node-api` stays external (a native engine per platform: the package's one dependency).
 * What the CLI would otherwise read from the repository at run time is embedded: every command's usage
 * (so `<command> --help` loads nothing) and the HTML report's assets. Built by `npm run prepare` (so
 * `npm ci` in a clone and `npm pack` both make it) and by `npm run build`.
 * @module
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { COMMANDS } from '../functions/cli/commands/index.js';
import { loadAssets } from '../functions/report/assets.js';
import { ASN_FILE } from '../functions/adapters/asn/index.js';
import { buildAsnTable } from './build-asn.js';
import { REQUIRE_SHIM } from './require-shim.js';
import { packageOfInput, thirdPartyNotices } from './third-party-notices.js';

/** The CLI's entry point (exports `main`), relative to the repository root. */
export const CLI_ENTRY = 'functions/cli/main.ts';
/** Packages the bundle imports at run time: they are the published package's dependencies. */
export const CLI_EXTERNAL = ['@duckdb/node-api'] as const;
/** File of the bundled third-party licences and notices, beside the bundle. */
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

export interface CliBuildOptions {
  /** Repository root. */
  rootDir: string;
  /** Output folder, emptied first; default `<rootDir>/dist/cli`. */
  outDir?: string;
}

/** What the CLI build produced. */
export interface CliBundleReport {
  outDir: string;
  /** The module `bin/ct-anomaly.js` imports. */
  entryPath: string;
  /** Every file written, relative to outDir, with its size. */
  files: Array<{ path: string; bytes: number }>;
  bytes: number;
  millis: number;
  /** Packages the bundle imports at run time (not Node built-ins). */
  runtimeImports: string[];
  /** Source files evaluated before any command is chosen (what `ct-anomaly --help` runs). */
  startupInputs: string[];
  /** Output file (relative to outDir) -> the third-party packages bundled into it. */
  packagesByOutput: Record<string, string[]>;
}

/** Each command's usage by name, after checking that the list's names and summaries match the modules'. */
async function collectUsage(): Promise<Record<string, string>> {
  const usage: Record<string, string> = {};
  for (const entry of COMMANDS) {
    const command = await entry.load();
    if (command.name !== entry.name || command.summary !== entry.summary) {
      throw new Error(
        `functions/cli/commands/index.ts lists "${entry.name}" with a name or summary that differs from its module's ("${command.name}": "${command.summary}")`,
      );
    }
    usage[entry.name] = command.usage;
  }
  return usage;
}

const isBuiltin = (path: string): boolean => path.startsWith('node:') || builtinModules.includes(path);

/** The outputs a start evaluates: the entry and what it imports statically, transitively. */
function startupOutputs(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of metafile.outputs[output]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  return [...seen];
}

/** Bundles the CLI into outDir; throws when esbuild fails or when a start would load a third-party package. */
export async function buildCli(options: CliBuildOptions): Promise<CliBundleReport> {
  const started = performance.now();
  const outDir = resolve(options.outDir ?? join(options.rootDir, 'dist', 'cli'));
  const usage = await collectUsage();
  const result = await build({
    absWorkingDir: options.rootDir,
    entryPoints: { main: resolve(options.rootDir, CLI_ENTRY) },
    outdir: outDir,
    // Flat: functions/cli/version.ts finds package.json two folders above the module that reads it.
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: [...CLI_EXTERNAL],
    define: {
      // JSON text as a string literal: esbuild inlines a string where it is used, an object it would hoist.
      CT_ANOMALY_USAGE: JSON.stringify(JSON.stringify(usage)),
      CT_ANOMALY_REPORT_ASSETS: JSON.stringify(JSON.stringify(loadAssets())),
    },
    minify: true,
    // Maps without sources: `--debug` turns them on, so a stack trace names the TypeScript file and line.
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const metafile = result.metafile;
  const rel = (path: string): string => relative(options.rootDir, path);
  const entryOutput = rel(join(outDir, 'main.mjs'));
  const startup = startupOutputs(metafile, entryOutput);
  const startupInputs = startup.flatMap((output) => Object.keys(metafile.outputs[output]?.inputs ?? {})).sort();
  const startupImports = startup.flatMap((output) =>
    (metafile.outputs[output]?.imports ?? []).filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path),
  );
  const eager = [...startupInputs.filter((input) => packageOfInput(input)), ...startupImports];
  if (eager.length > 0) {
    throw new Error(
      `the CLI would load ${eager[0]} at start (${eager.length} third-party modules): import it from a command, which loads lazily`,
    );
  }

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files: CliBundleReport['files'] = [];
  for (const file of result.outputFiles) {
    writeFileSync(file.path, file.contents);
    files.push({ path: relative(outDir, file.path), bytes: file.contents.length });
  }
  // The network dimension's ASN table travels beside the bundle (read at run time, never fetched).
  const asn = buildAsnTable(options.rootDir);
  copyFileSync(asn.path, join(outDir, ASN_FILE));
  files.push({ path: ASN_FILE, bytes: asn.bytes });
  const bundled = Object.keys(metafile.inputs).filter((input) => packageOfInput(input));
  const notices = thirdPartyNotices(options.rootDir, bundled, ['uplot']);
  writeFileSync(join(outDir, NOTICES_FILE), notices);
  files.push({ path: NOTICES_FILE, bytes: Buffer.byteLength(notices) });

  const packagesByOutput: Record<string, string[]> = {};
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    const packages = new Set(Object.keys(meta.inputs).flatMap((input) => packageOfInput(input)?.name ?? []));
    packagesByOutput[relative(outDir, resolve(options.rootDir, output))] = [...packages].sort();
  }
  const runtimeImports = Object.values(metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path),
  );
  return {
    outDir,
    entryPath: join(outDir, 'main.mjs'),
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    millis: Math.round(performance.now() - started),
    runtimeImports: [...new Set(runtimeImports)].sort(),
    startupInputs,
    packagesByOutput,
  };
}
