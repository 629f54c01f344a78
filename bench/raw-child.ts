/**
 * DuckDB's raw decode rate over the same files: a bare count of the records in read_json (one column),
 * and the records read as raw JSON text (what the scan reads before extracting fields). Prints JSON.
 *
 *   npx tsx bench/raw-child.ts <AWSLogs dir>
 */
import { discoverInputs } from '../functions/adapters/local/files/index.js';
import { openDuck, sqlString } from '../functions/adapters/local/duckdb/connection.js';

const [input] = process.argv.slice(2);
if (!input) {
  process.stderr.write('usage: npx tsx bench/raw-child.ts <input>\n');
  process.exit(2);
}
const { files } = await discoverInputs([input]);
const list = `[${[...files]
  .filter((f) => f.format === 'delivery')
  .map((f) => sqlString(f.path))
  .join(', ')}]`;
const duck = await openDuck();
async function count(type: string): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const r = await duck.connection.runAndReadAll(
    `SELECT count(r) AS n FROM (SELECT unnest(Records) AS r FROM read_json(${list}, format='unstructured', columns={'Records': ${sqlString(`${type}[]`)}}, maximum_object_size=${1 << 29}))`,
  );
  return { events: Number(r.getRowObjectsJson()[0]?.['n'] ?? 0), seconds: (performance.now() - t0) / 1000 };
}
// The first pass warms the OS file cache (the scan that follows reads warm files too); the second is measured.
await count('STRUCT(eventName VARCHAR)');
const bare = await count('STRUCT(eventName VARCHAR)');
const full = await count('JSON');
duck.close();
process.stdout.write(`${JSON.stringify({ bare, full })}\n`);
