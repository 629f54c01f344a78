/**
 * How long `ct-anomaly --help` takes to start, beside a bare `node -e 0`: the bundle that the package
 * runs (rebuilt first, so it matches the sources) and the sources through tsx (`npm run cli`).
 * Medians of several runs, each in a fresh process.
 *   npx tsx bench/start-time.ts [--runs 11]
 * @module
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli } from '../scripts/build-cli.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Median wall time in milliseconds of `node <args>`, run `runs` times (after one warm-up run). */
function medianMillis(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
    if (i > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The start-time lines of the benchmark. */
export async function benchStartTime(runs = 11): Promise<string[]> {
  await buildCli({ rootDir: ROOT });
  const bare = medianMillis(['-e', '0'], runs);
  const bundle = medianMillis(['bin/ct-anomaly.js', '--help'], runs);
  const command = medianMillis(['bin/ct-anomaly.js', 'scan', '--help'], runs);
  const tsxRuns = Math.min(runs, 3);
  const sources = medianMillis(['--import', 'tsx', 'bin/from-source.ts', '--help'], tsxRuns);
  const ms = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ms`;
  return [
    `start: ct-anomaly --help ${ms(bundle)} (bundle), node -e 0 ${ms(bare)}: ${(bundle / bare).toFixed(1)}x; ` +
      `scan --help ${ms(command)}; from sources through tsx ${ms(sources)} (medians of ${runs}, ${tsxRuns} for tsx)`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--runs');
  for (const line of await benchStartTime(at > 0 ? Number(process.argv[at + 1]) : 11)) console.log(line);
}
