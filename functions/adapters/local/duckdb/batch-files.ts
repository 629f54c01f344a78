/**
 * The files one DuckDB read takes, and how each format of file is read: staging, the evidence read-back and
 * `hunt` read records the same way, one raw JSON text per record.
 * @module
 */
import { type DuckDBConnection, DuckDBTimestampValue } from '@duckdb/node-api';

/** File formats DuckDB reads natively. */
export type StagedFormat = 'delivery' | 'array' | 'lines';

/** One file of a batch: its id, path, and the account and delivery time its S3 layout names. */
export interface BatchFile {
  fid: number;
  path: string;
  layoutAccount: string | null;
  deliveredAt: string | null;
}

/** The paths of the batch {@link writeBatchFiles} wrote, as the first argument of a read. */
export const BATCH_PATHS = `getvariable('batch_paths')`;

/**
 * Writes the files of one batch to `batch_files`, and their paths to the variable read as {@link BATCH_PATHS}.
 * - The table holds the batch's files alone: joined against every file of the run, DuckDB could take the files just
 *   read as the join's build side and hash their whole content (at 107,000 files, 1.0-2.1 GB per 64 MB batch against
 *   0.2 GB).
 * - It is written through an appender: as `INSERT ... VALUES` text, 8,192 files took 0.45 s to parse (about 35 s
 *   over 619,254 small files); appended, 0.03 s.
 * - The paths come from the variable: 8,192 paths written into the statement cost about 0.2 s more to parse and bind.
 */
export async function writeBatchFiles(connection: DuckDBConnection, files: readonly BatchFile[]): Promise<void> {
  await connection.run(
    'CREATE OR REPLACE TEMP TABLE batch_files (fid INTEGER, path VARCHAR, layout_account VARCHAR, delivered_at TIMESTAMP)',
  );
  const appender = await connection.createAppender('batch_files', 'main', 'temp');
  try {
    for (const f of files) {
      appender.appendInteger(Math.trunc(f.fid));
      appender.appendVarchar(f.path);
      if (f.layoutAccount === null) appender.appendNull();
      else appender.appendVarchar(f.layoutAccount);
      if (f.deliveredAt === null) appender.appendNull();
      else appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Date.parse(f.deliveredAt)) * 1000n));
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  await connection.run(`SET VARIABLE batch_paths = (SELECT list(path ORDER BY fid) FROM batch_files)`);
}

/** How a read treats files it cannot parse, beyond a corrupt line (always skipped, never swallowing the next). */
export interface ReaderOptions {
  /** Largest JSON value DuckDB may parse: one delivery file is one value. */
  maxObjectBytes: number;
  /** Skip an unreadable file or value instead of failing the statement. */
  ignoreErrors?: boolean;
  /** Add the `filename` column. */
  filename?: boolean;
}

/**
 * The table function reading `files` (a SQL list) of one format: a delivery file gives its `Records` (a list of
 * raw JSON texts, NULL when the file has none), the others one raw JSON text per row in `json`.
 */
export function readerSql(format: StagedFormat, files: string, o: ReaderOptions): string {
  const common = `${o.filename ? 'filename=true, ' : ''}maximum_object_size=${o.maxObjectBytes}`;
  const errors = o.ignoreErrors ? ', ignore_errors=true' : '';
  if (format === 'delivery')
    return `read_json(${files}, format='unstructured', columns={'Records': 'JSON[]'}, ${common}${errors})`;
  if (format === 'lines') return `read_ndjson_objects(${files}, ignore_errors=true, ${common})`;
  return `read_json_objects(${files}, format='array', ${common}${errors})`;
}

/** The raw JSON text of every record of `files`, one per row in `r`. */
export function recordTextSql(format: StagedFormat, files: string, o: ReaderOptions): string {
  const reader = readerSql(format, files, o);
  return format === 'delivery' ? `SELECT unnest(Records) AS r FROM ${reader}` : `SELECT json AS r FROM ${reader}`;
}
