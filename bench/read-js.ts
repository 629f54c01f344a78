/**
 * The JavaScript reader's throughput over a folder (or files): discovery time, then records/s and MB/s
 * of `readRecords` over every discovered file, one file after another on one thread, as the fallback path reads them.
 *
 *   npx tsx bench/read-js.ts ./AWSLogs [--max-files N]
 *
 * Ends with one line: `js-reader X records/s, Y MB/s (inflated), N records, M files, T s`.
 */
import { discoverInputs, readRecords } from '../functions/adapters/local/files/index.js';

const args = process.argv.slice(2);
const maxIndex = args.indexOf('--max-files');
const maxFiles = maxIndex >= 0 ? Number(args[maxIndex + 1]) : Infinity;
const paths = maxIndex >= 0 ? args.filter((_, i) => i !== maxIndex && i !== maxIndex + 1) : args;
if (paths.length === 0) {
  process.stderr.write('usage: npx tsx bench/read-js.ts <folder or file>... [--max-files N]\n');
  process.exit(2);
}

const t0 = performance.now();
const discovery = await discoverInputs(paths);
const t1 = performance.now();
const files = [...discovery.files].slice(0, maxFiles);
const skipped: Record<string, number> = {};
for (const s of discovery.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
process.stdout.write(
  `discovery: ${discovery.files.length} files, skipped ${JSON.stringify(skipped)}, ${((t1 - t0) / 1000).toFixed(2)} s ` +
    `(${Math.round(((discovery.files.length + discovery.skipped.length) / (t1 - t0)) * 1000)} paths/s)\n`,
);

let records = 0;
const problems: Record<string, number> = {};
const t2 = performance.now();
for (const file of files) {
  for await (const item of readRecords(file)) {
    if (item.ok) records++;
    else problems[item.reason] = (problems[item.reason] ?? 0) + 1;
  }
}
const seconds = (performance.now() - t2) / 1000;
const bytes = files.reduce((n, f) => n + f.size, 0);
process.stdout.write(
  `problems: ${JSON.stringify(problems)}; on-disk ${(bytes / 1e6).toFixed(1)} MB; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
);
process.stdout.write(
  `js-reader ${Math.round(records / seconds)} records/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s (on disk), ${records} records, ${files.length} files, ${seconds.toFixed(2)} s\n`,
);
