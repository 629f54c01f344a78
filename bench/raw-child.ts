/**
 * DuckDB's raw decode rate over the same files: a bare count of the records in read_json (one column), and the
 * records read as raw JSON text (what the scan reads before extracting fields). Then two floors of any scan that
 * folds activity per principal: the fields staging extracts (one multi-path extraction per record), and a minimal
 * fold of them (per account, hour, identity and action, a count: no event hashes, samples, candidate records or
 * problems). Prints JSON.
 *
 *   npx tsx bench/raw-child.ts <AWSLogs dir>
 */
import { discoverInputs } from '../functions/adapters/local/files/index.js';
import { openDuck, sqlString } from '../functions/adapters/local/duckdb/connection.js';
import { fieldIndex, fieldsSql } from '../functions/adapters/local/duckdb/ingest-sql.js';

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
const records = (type: string): string =>
  `SELECT unnest(Records) AS r FROM read_json(${list}, format='unstructured', columns={'Records': ${sqlString(`${type}[]`)}}, maximum_object_size=${1 << 29})`;
async function count(sql: string): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const r = await duck.connection.runAndReadAll(sql);
  return { events: Number(r.getRowObjectsJson()[0]?.['n'] ?? 0), seconds: (performance.now() - t0) / 1000 };
}
const bareSql = `SELECT count(r) AS n FROM (${records('STRUCT(eventName VARCHAR)')})`;
const v = (name: string): string => `v[${fieldIndex(name)}]`;
const identity = ['ui_type', 'ui_principalid', 'ui_arn', 'si_arn', 'ui_accountid'].map(v).join(', ');
// The first pass warms the OS file cache (the scan that follows reads warm files too); the second is measured.
await count(bareSql);
const bare = await count(bareSql);
const full = await count(`SELECT count(r) AS n FROM (${records('JSON')})`);
const fields = await count(`SELECT count(v[1]) AS n FROM (SELECT ${fieldsSql('r')} AS v FROM (${records('JSON')}))`);
const fold = await count(
  `SELECT sum(c) AS n FROM (
    SELECT ${v('recipientaccountid')}, epoch_us(TRY_CAST(${v('eventtime')} AS TIMESTAMPTZ)) // 3600000000, hash(${identity}),
      ${v('eventsource')}, ${v('eventname')}, count(*) AS c
    FROM (SELECT ${fieldsSql('r')} AS v FROM (${records('JSON')})) GROUP BY ALL)`,
);
duck.close();
process.stdout.write(`${JSON.stringify({ bare, full, fields, fold })}\n`);
