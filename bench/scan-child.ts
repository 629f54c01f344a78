/**
 * Runs one `ct-anomaly scan --timings` in this process (fresh state) and prints its wall time, peak RSS and
 * time per phase as JSON, so `bench/run.ts` measures the scan alone, not the benchmark driver.
 *
 *   npx tsx bench/scan-child.ts <AWSLogs dir> <state dir> [more scan options, e.g. --memory-limit 512MB]
 */
import { PassThrough } from 'node:stream';
import { main } from '../functions/cli/main.js';

const [input, state, ...extra] = process.argv.slice(2);
if (!input || !state) {
  process.stderr.write('usage: npx tsx bench/scan-child.ts <input> <state dir>\n');
  process.exit(2);
}
const sink = new PassThrough();
sink.resume();
const err: Buffer[] = [];
const stderr = new PassThrough();
stderr.on('data', (c: Buffer) => err.push(c));
const started = performance.now();
const code = await main(['scan', input, '--state', state, '--format', 'jsonl', '--quiet', '--timings', ...extra], {
  stdout: sink,
  stderr,
});
const seconds = (performance.now() - started) / 1000;
const lines = Buffer.concat(err).toString('utf8').trim().split('\n');
const summary = lines.find((l) => l.startsWith('ct-anomaly:')) ?? '';
const phases = lines.filter((l) => l.startsWith('timings: ')).map((l) => l.slice('timings: '.length));
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify({ code, seconds, maxRssMb, summary, phases })}\n`);
