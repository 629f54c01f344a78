/**
 * The published package, end to end: `npm pack` (which runs `prepare`, so builds the bundle) into a temporary
 * folder, `npm install` of the tarball into another one (from the npm cache where it can), then the installed
 * `ct-anomaly` generates a small organization and `npx ct-anomaly scan` finds its alerts, with no repository
 * in reach. Takes about 15 s on 2 cores.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../infra/support/synth.js';
import { useTempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const npmAvailable = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;
if (!npmAvailable) console.warn('package test skipped: npm is not on the PATH');

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

describe.skipIf(!npmAvailable)('the npm package (npm pack, install, npx ct-anomaly scan)', () => {
  const work = useTempDir('ct-package-', 'all');
  let app: string;
  let packed: PackResult;
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const installed = (...args: string[]) =>
    run(process.execPath, [join(app, 'node_modules', '.bin', 'ct-anomaly'), ...args], { cwd: app });

  beforeAll(async () => {
    const packDir = join(work(), 'pack');
    // Outside the repository, and a project of its own, so npm installs here and nowhere above.
    app = join(work(), 'app');
    mkdirSync(packDir);
    const { stdout } = await run('npm', ['pack', '--pack-destination', packDir, '--json'], {
      cwd: ROOT,
      maxBuffer: 16 << 20,
    });
    // prepare's own output comes first on standard output; the JSON array follows it.
    [packed] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as [PackResult];
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'ct-package-test', private: true }));
    await run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(packDir, packed.filename)],
      { cwd: app },
    );
  }, 120_000);

  it('packs what runs and its licences only: no sources, tests or infrastructure', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of paths) {
      expect(path).toMatch(/^(LICENSE|NOTICE|README\.md|package\.json|bin\/ct-anomaly\.js|dist\/cli\/[^/]+)$/);
    }
    for (const path of ['LICENSE', 'NOTICE', 'bin/ct-anomaly.js', 'dist/cli/main.mjs']) expect(paths).toContain(path);
    expect(paths).toContain('dist/cli/THIRD-PARTY-NOTICES.txt');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('installs with DuckDB as its one dependency and a bundle that names no build folder', () => {
    const pkg = join(app, 'node_modules', 'ct-anomaly');
    const installedManifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(installedManifest.dependencies)).toEqual(['@duckdb/node-api']);
    for (const file of readdirSync(join(pkg, 'dist', 'cli'))) {
      expect(readFileSync(join(pkg, 'dist', 'cli', file), 'utf8').includes(ROOT), file).toBe(false);
    }
  });

  it('prints its version and help from the installed bundle', async () => {
    expect((await installed('--version')).stdout.trim()).toBe(manifest.version);
    expect((await installed('scan', '--help')).stdout).toContain('Usage: ct-anomaly scan');
  });

  it('generates a small organization and finds its alerts with npx ct-anomaly scan, with a report', async () => {
    await installed('generate', '--out', 'org', '--accounts', '2', '--days', '4', '--learning-days', '1', '--quiet');
    const scan = await run(
      'npx',
      [
        '--offline',
        'ct-anomaly',
        'scan',
        'org',
        '--state',
        'state',
        '--learning-days',
        '1',
        '--format',
        'jsonl',
      ].concat(['--output', 'alerts.jsonl', '--report', 'report.html', '--quiet']),
      { cwd: app },
    );
    expect(scan.stderr).toMatch(/alerts \d+/);
    const alerts = readFileSync(join(app, 'alerts.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { severity: string });
    expect(alerts.length).toBeGreaterThan(10);
    expect(alerts.some((a) => a.severity === 'critical')).toBe(true);
    const report = readFileSync(join(app, 'report.html'), 'utf8');
    expect(report).toContain('uPlot');
  });
});
