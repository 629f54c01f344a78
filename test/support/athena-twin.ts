/**
 * The Athena twin: the agent's activity query, rendered in DuckDB's dialect, run by DuckDB over the same
 * delivery files an account's Glue table would read (`…/CloudTrail/<region>/yyyy/MM/dd/*.json.gz`).
 * Rows come back as Athena returns them (every value a string, in pages), so the agent's parsing runs too.
 * Bytes "scanned" are the sizes of the files the query's object-name ranges select.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AwsCallCounter } from '../../functions/adapters/aws/shared/index.js';
import { AthenaActivitySource, type QueryRunner, type TextRow } from '../../functions/adapters/aws/athena/index.js';
import { Dialect, duckdbRecordType } from '../../functions/engine/cloudtrail/index.js';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** An empty delivery file, read when a range selects no file (DuckDB needs one). */
const EMPTY = join(tmpdir(), 'ct-anomaly-twin-empty.json.gz');
writeFileSync(EMPTY, gzipSync('{"Records":[]}'));

/** An in-memory DuckDB for the twin (two threads, no extension downloads); `close()` releases it. */
export async function openTwinDuck(): Promise<{ connection: DuckDBConnection; close: () => void }> {
  const duck = await DuckDBInstance.create(':memory:', {
    threads: '2',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await duck.connect();
  // DuckDB 1.5 hits an internal assertion in this optimizer on `row_number() ... WHERE copy = 1`.
  await connection.run("SET disabled_optimizers = 'top_n_window_elimination'");
  return {
    connection,
    close: () => {
      connection.closeSync();
      duck.closeSync();
    },
  };
}

/** The trail location of one account in a local copy of the S3 layout. */
export function accountLocation(root: string, orgId: string | null, accountId: string): string {
  return join(root, 'AWSLogs', ...(orgId ? [orgId] : []), accountId, 'CloudTrail');
}

/** Writes records as one delivery file of `account` in `region` stamped `deliveredMs` (CloudTrail's name); returns its path. */
export function writeDeliveryFile(
  root: string,
  orgId: string | null,
  account: string,
  region: string,
  deliveredMs: number,
  records: readonly unknown[],
  tag: string,
): string {
  const d = new Date(deliveredMs).toISOString();
  const folder = join(accountLocation(root, orgId, account), region, d.slice(0, 4), d.slice(5, 7), d.slice(8, 10));
  mkdirSync(folder, { recursive: true });
  const stamp = `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}T${d.slice(11, 13)}${d.slice(14, 16)}Z`;
  const path = join(folder, `${account}_CloudTrail_${region}_${stamp}_${tag.padEnd(16, '0').slice(0, 16)}.json.gz`);
  writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
  return path;
}

/** Every delivery file under a folder, with its delivery stamp (from CloudTrail's file name), in delivery order. */
export function deliveryFiles(dir: string): Array<{ path: string; deliveredMs: number }> {
  const out: Array<{ path: string; deliveredMs: number }> = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*\.json\.gz$/.exec(e.name);
        if (m && p.includes(`${join('/', 'CloudTrail')}/`))
          out.push({ path: p, deliveredMs: Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`) });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.deliveredMs - b.deliveredMs || (a.path < b.path ? -1 : 1));
}

/** The FROM clause of an account's table: every record of every delivery file under its location, with `filename`. */
export function twinTable(location: string): string {
  const glob = lit(`${location}/*/*/*/*/*.json.gz`);
  return `(SELECT filename, unnest(r) FROM (
    SELECT filename, unnest(Records) AS r
    FROM read_json(${glob}, format = 'unstructured', columns = {Records: '${duckdbRecordType()}[]'},
      filename = true, maximum_object_size = 536870912, ignore_errors = true)))`;
}

/**
 * A runner executing the query in DuckDB and paging the rows as text, 1000 a page like Athena; with a
 * counter, it counts the calls and bytes the real runner would (one start, one poll, a call per page).
 */
export function twinRunner(connection: DuckDBConnection, files: () => string[], counter?: AwsCallCounter): QueryRunner {
  let n = 0;
  return {
    dialect: Dialect.DuckDB,
    async run(sql) {
      // What Athena would read: the files the object-name ranges select (the engine skips the rest). DuckDB
      // does not push the filter through the unnest, so the twin names those files itself.
      const ranges = [...sql.matchAll(/filename > '([^']*)' AND filename < '([^']*)'/g)].map((m) => [m[1]!, m[2]!]);
      const selected = files().filter((f) => ranges.length === 0 || ranges.some(([lo, hi]) => f > lo! && f < hi!));
      const list = selected.length === 0 ? `'${EMPTY}'` : `[${selected.map(lit).join(', ')}]`;
      const result = await connection.runAndReadAll(sql.replace(/read_json\('[^']*\*\.json\.gz'/, `read_json(${list}`));
      const rows: TextRow[] = result
        .getRowObjectsJson()
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
      const bytesScanned = selected.reduce((sum, f) => sum + statSync(f).size, 0);
      n += 1;
      counter?.call('athena:StartQueryExecution');
      counter?.call('athena:GetQueryExecution');
      counter?.call('athena:GetQueryResults', Math.max(1, Math.ceil(rows.length / 1000)));
      counter?.athenaQuery(bytesScanned, 0);
      return {
        stats: { queryExecutionId: `twin-${n}`, bytesScanned, engineMs: 0, totalMs: 0, queuedMs: 0 },
        pages: (async function* () {
          for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000);
        })(),
      };
    },
  };
}

/** An AthenaActivitySource whose query DuckDB runs over the account's files. */
export function twinSource(
  connection: DuckDBConnection,
  o: {
    location: string;
    accountId: string;
    regions: readonly string[];
    files: () => string[];
    nowMs: () => number;
    counter?: AwsCallCounter;
  },
): AthenaActivitySource {
  return new AthenaActivitySource({
    database: 'twin',
    workGroup: 'twin',
    table: twinTable(o.location),
    files: { location: o.location, accountId: o.accountId, regions: o.regions },
    runner: twinRunner(connection, o.files, o.counter),
    clock: o.nowMs,
  });
}
