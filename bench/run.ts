/**
 * `npm run bench -- --events N` (default 1,000,000): generates N events once (cached under
 * .bench-cache/), then prints the scan's events/s and peak RSS next to DuckDB's raw decode rate over the
 * same files, the JavaScript reader's rate, the local baseline layouts, the agent's AWS calls and cost,
 * the aggregator, and the start time of `ct-anomaly --help` beside `node -e 0`. The last line is always:
 *   scan X events/s, duckdb raw Y events/s, ratio R, peak RSS M MB
 *
 * The scan prints its time per phase (discovery, staging, folding, window loop, rules, evidence, aggregation,
 * output) as `ct-anomaly scan --timings` measures it.
 *
 * Options: --events N, --only scan|sizes|candidates|aws|aggregator|baseline|start (repeatable), --fresh (regenerate
 * the data), --memory-limit SIZE (passed to the scan), --sizes N,N,... (scans of each size with their peak RSS;
 * `sizes` runs only with --sizes or --only sizes, default 1M,2M,5M; not run in CI: 5M events take ~1 GB of disk).
 * `candidates` prints the share of events the rules' prefilter fetches, with and without the example Sigma rules.
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateOrganization, resolveOptions, sizeForEvents } from '../functions/generator/index.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const events = Number((option('events') ?? '1000000').replace(/_/g, ''));
const only = args.flatMap((a, i) => (a === '--only' ? [args[i + 1] ?? ''] : []));
const wants = (part: string): boolean => only.length === 0 || only.includes(part);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function dataset(events: number): Promise<string> {
  const dir = resolve('.bench-cache', `events-${events}`);
  if (args.includes('--fresh')) await rm(dir, { recursive: true, force: true });
  if (existsSync(join(dir, 'generate-summary.json'))) {
    say(`data: cached ${dir}`);
    return dir;
  }
  const resolved = resolveOptions({ out: dir, seed: 'bench' });
  if (!resolved.ok) throw new Error(resolved.reason);
  const t0 = performance.now();
  const summary = await generateOrganization(sizeForEvents(resolved.options, events, { accounts: false, days: false }));
  say(
    `data: generated ${fmt(summary.events)} events in ${fmt(summary.files.total)} files (${(summary.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return dir;
}

async function child(script: string, ...rest: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...rest], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

const memoryLimit = option('memory-limit');
const scanExtra = memoryLimit ? ['--memory-limit', memoryLimit] : [];

interface ScanFigures {
  seconds: number;
  maxRssMb: number;
  summary: string;
  phases: string[];
}

/** One scan of a generated data set in a child process, with a fresh state. */
async function scanOnce(input: string): Promise<ScanFigures> {
  const state = await mkdtemp(join(tmpdir(), 'ct-bench-state-'));
  try {
    return (await child('bench/scan-child.ts', input, state, ...scanExtra)) as unknown as ScanFigures;
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

/** Peak RSS and rate at each size (memory flat in input size). */
async function sizes(): Promise<void> {
  const list = (option('sizes') ?? '1000000,2000000,5000000').split(',').map((n) => Number(n.replace(/_/g, '')));
  for (const n of list) {
    const dir = await dataset(n);
    const summary = JSON.parse(await readFile(join(dir, 'generate-summary.json'), 'utf8')) as { deliveries: number };
    const scan = await scanOnce(join(dir, 'AWSLogs'));
    say(
      `size ${fmt(summary.deliveries)} events: scan ${fmt(summary.deliveries / scan.seconds)} events/s (${scan.seconds.toFixed(1)} s), peak RSS ${fmt(scan.maxRssMb)} MB${memoryLimit ? ` (--memory-limit ${memoryLimit})` : ''}`,
    );
  }
}

async function main(): Promise<void> {
  let last = 'scan: skipped (--only)';
  if (wants('scan')) {
    const dir = await dataset(events);
    const input = join(dir, 'AWSLogs');
    const summary = JSON.parse(await readFile(join(dir, 'generate-summary.json'), 'utf8')) as { deliveries: number };
    type Rate = { events: number; seconds: number };
    const raw = (await child('bench/raw-child.ts', input)) as { bare: Rate; full: Rate; fields: Rate; fold: Rate };
    const rate = (r: Rate): string => `${fmt(r.events / r.seconds)} events/s (${r.seconds.toFixed(1)} s)`;
    const ofBare = (r: Rate): string => (raw.bare.seconds / r.seconds).toFixed(2);
    say(`duckdb raw: bare count ${rate(raw.bare)}; each record as raw JSON text ${rate(raw.full)}`);
    say(
      `duckdb floors (ratio to the bare count): the fields staging extracts ${rate(raw.fields)}, ${ofBare(raw.fields)}; a minimal fold of them per account, hour, identity and action ${rate(raw.fold)}, ${ofBare(raw.fold)}`,
    );
    const js = await run(process.execPath, ['--import', 'tsx', 'bench/read-js.ts', input], { maxBuffer: 64 << 20 });
    say(`javascript reader: ${js.stdout.trim().split('\n').at(-1) ?? ''}`);
    const scan = await scanOnce(input);
    say(`scan: ${scan.summary}`);
    for (const line of scan.phases) say(`scan phase: ${line}`);
    const scanRate = summary.deliveries / scan.seconds;
    const rawRate = raw.bare.events / raw.bare.seconds;
    last = `scan ${fmt(scanRate)} events/s, duckdb raw ${fmt(rawRate)} events/s, ratio ${(scanRate / rawRate).toFixed(2)}, peak RSS ${fmt(scan.maxRssMb)} MB`;
  }
  if (only.includes('sizes') || option('sizes') !== undefined) await sizes();
  if (wants('candidates')) {
    const dir = await dataset(events);
    const out = await run(process.execPath, ['--import', 'tsx', 'bench/candidates.ts', join(dir, 'AWSLogs')], {
      maxBuffer: 64 << 20,
    });
    for (const line of out.stdout.trim().split('\n')) say(`candidates: ${line}`);
  }
  if (wants('baseline')) {
    const { benchBaselineStore } = await import('./baseline-store.js');
    for (const line of await benchBaselineStore({ accounts: 1000, entries: 300 })) say(line);
  }
  if (wants('aws')) {
    const { benchAwsCalls } = await import('./aws-calls.js');
    for (const line of await benchAwsCalls()) say(line);
  }
  if (wants('aggregator')) {
    const { benchAggregator } = await import('./aggregator.js');
    for (const line of await benchAggregator()) say(line);
  }
  if (wants('start')) {
    const { benchStartTime } = await import('./start-time.js');
    for (const line of await benchStartTime()) say(line);
  }
  say(last);
}

await main();
