import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../functions/cli/commands/index.js';
import { buildCli, type CliBundleReport } from '../../scripts/build-cli.js';
import { ROOT } from '../infra/support/synth.js';

const run = promisify(execFile);

// A resolve hook that appends every module URL the process loads to the file named by CT_LOADED_LOG.
const LOG_HOOK = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.CT_LOADED_LOG, result.url + '\\n');
  return result;
}`;
const REGISTER_HOOK = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOG_HOOK)}`)});`,
)}`;

describe('the CLI bundle (scripts/build-cli.ts)', () => {
  // Laid out like the installed package: <package>/package.json beside <package>/dist/cli/.
  const work = join(ROOT, 'test-output', 'build-cli-test');
  const pkg = join(work, 'package');
  const launcher = join(work, 'launch.mjs');
  let report: CliBundleReport;

  /** Runs the bundle's main() with args in a fresh Node process; returns its output and the files it loaded. */
  async function bundled(...args: string[]): Promise<{ stdout: string; loaded: string[] }> {
    const log = join(work, `loaded-${args.join('-')}.log`);
    rmSync(log, { force: true });
    const { stdout } = await run(process.execPath, ['--import', REGISTER_HOOK, launcher, ...args], {
      env: { ...process.env, CT_LOADED_LOG: log },
    }).catch((error: { stdout: string }) => error); // a usage error still shows what was loaded
    return { stdout, loaded: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
  }

  /** The third-party packages inside the bundle files among the loaded URLs. */
  const packagesLoaded = (loaded: string[]): string[] =>
    loaded.flatMap((url) => {
      const prefix = pathToFileURL(`${report.outDir}/`).href;
      return url.startsWith(prefix) ? (report.packagesByOutput[url.slice(prefix.length)] ?? []) : [];
    });

  beforeAll(async () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'ct-anomaly', version: '9.8.7-test' }));
    report = await buildCli({ rootDir: ROOT, outDir: join(pkg, 'dist', 'cli') });
    writeFileSync(
      launcher,
      `const { main } = await import(${JSON.stringify(pathToFileURL(report.entryPath).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('leaves only DuckDB outside the bundle and writes the third-party notices beside it', () => {
    expect(report.runtimeImports).toEqual(['@duckdb/node-api']);
    expect(report.files.map((f) => f.path)).toContain('main.mjs');
    const notices = readFileSync(join(report.outDir, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['@aws-sdk/client-dynamodb@', 'zod@', 'yaml@', 'uplot@']) expect(notices).toContain(name);
    expect(notices).toContain('Apache License');
  });

  it('starts with no third-party package: the AWS SDK is only in backfill, doctor and the chunks s3:// inputs load', () => {
    // The CLI's own modules and the pipeline's error types (plain classes, no imports) are all a start loads.
    const own = (input: string): boolean =>
      input.startsWith('functions/cli/') || input === 'functions/pipeline/errors.ts';
    expect(report.startupInputs.filter((input) => !own(input))).toEqual([]);
    const withSdk = Object.entries(report.packagesByOutput).filter(([, packages]) =>
      packages.some((p) => p.startsWith('@aws-sdk/')),
    );
    const names = withSdk.map(([output]) => output.replace(/-[A-Z0-9]+\.mjs$/, ''));
    for (const command of ['main', 'scan', 'hunt', 'demo', 'generate', 'report', 'rules'])
      expect(names).not.toContain(command);
  });

  it('prints --help and every command --help without loading a command, DuckDB or the AWS SDK', async () => {
    const help = await bundled('--help');
    for (const entry of COMMANDS) expect(help.stdout).toContain(entry.summary);
    for (const entry of COMMANDS) {
      const { stdout, loaded } = await bundled(entry.name, '--help');
      expect(stdout.trim(), entry.name).toBe((await entry.load()).usage.trim());
      expect(
        loaded.filter((url) => url.includes('/@duckdb/')),
        entry.name,
      ).toEqual([]);
      expect(packagesLoaded(loaded), entry.name).toEqual([]);
      expect(
        loaded.filter((url) => url.includes(`/${entry.name}-`)),
        entry.name,
      ).toEqual([]);
    }
  });

  it('loads a command and its packages when it runs, and reads the version from the package', async () => {
    const rules = await bundled('rules');
    expect(rules.stdout).toContain('aws.cloudtrail.trail-deleted');
    expect(rules.loaded.some((url) => /\/rules-[A-Z0-9]+\.mjs$/.test(url))).toBe(true);
    expect(packagesLoaded(rules.loaded)).not.toContain('@aws-sdk/client-athena');
    const scan = await bundled('scan');
    expect(scan.loaded.some((url) => url.includes('/@duckdb/node-api/'))).toBe(true);
    expect(packagesLoaded(scan.loaded).filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
    expect(packagesLoaded((await bundled('backfill')).loaded)).toContain('@aws-sdk/client-athena');
    expect((await bundled('--version')).stdout.trim()).toBe('9.8.7-test');
  });
});
