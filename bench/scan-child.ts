/**
 * Runs one `ct-anomaly scan` in this process (fresh state) and prints its wall time and peak RSS as JSON,
 * so `bench/run.ts` measures the scan alone, not the benchmark driver.
 *
 *   npx tsx bench/scan-child.ts <AWSLogs dir> <state dir>
 */
import { PassThrough } from 'node:stream';
import { main } from '../functions/cli/main.js';

const [input, state] = process.argv.slice(2);
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
const code = await main(['scan', input, '--state', state, '--format', 'jsonl', '--quiet'], { stdout: sink, stderr });
const seconds = (performance.now() - started) / 1000;
const summary =
  Buffer.concat(err)
    .toString('utf8')
    .trim()
    .split('\n')
    .find((l) => l.startsWith('ct-anomaly:')) ?? '';
process.stdout.write(
  `${JSON.stringify({ code, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), summary })}\n`,
);
