/**
 * The Athena twin: the agent's activity query, rendered in DuckDB's dialect, run by DuckDB over the same
 * delivery files an account's Glue table would read (`…/CloudTrail/<region>/yyyy/MM/dd/*.json.gz`).
 * Rows come back as Athena returns them (every value a string, in pages), so the agent's parsing runs too.
 * Bytes "scanned" are the sizes of the files the query's object-name ranges select.
 */
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AthenaActivitySource, type QueryRunner, type TextRow } from '../../functions/adapters/aws/athena/index.js';
import { Dialect, duckdbRecordType } from '../../functions/engine/cloudtrail/index.js';

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** An empty delivery file, read when a range selects no file (DuckDB needs one). */
const EMPTY = join(tmpdir(), 'ct-anomaly-twin-empty.json.gz');
writeFileSync(EMPTY, gzipSync('{"Records":[]}'));

/** The trail location of one account in a local copy of the S3 layout. */
export function accountLocation(root: string, orgId: string | null, accountId: string): string {
  return join(root, 'AWSLogs', ...(orgId ? [orgId] : []), accountId, 'CloudTrail');
}

/** The FROM clause of an account's table: every record of every delivery file under its location, with `filename`. */
export function twinTable(location: string): string {
  const glob = lit(`${location}/*/*/*/*/*.json.gz`);
  return `(SELECT filename, unnest(r) FROM (
    SELECT filename, unnest(Records) AS r
    FROM read_json(${glob}, format = 'unstructured', columns = {Records: '${duckdbRecordType()}[]'},
      filename = true, maximum_object_size = 536870912, ignore_errors = true)))`;
}

/** A runner executing the query in DuckDB and paging the rows as text, 1000 a page like Athena. */
export function twinRunner(connection: DuckDBConnection, files: () => string[]): QueryRunner {
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
  o: { location: string; accountId: string; regions: readonly string[]; files: () => string[]; nowMs: () => number },
): AthenaActivitySource {
  return new AthenaActivitySource({
    database: 'twin',
    workGroup: 'twin',
    table: twinTable(o.location),
    files: { location: o.location, accountId: o.accountId, regions: o.regions },
    runner: twinRunner(connection, o.files),
    clock: o.nowMs,
  });
}
