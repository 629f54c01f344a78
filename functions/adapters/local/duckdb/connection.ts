/** Opens DuckDB for the local scan: no extension downloads, bounded threads, spilling to a temp directory. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface DuckOptions {
  /** Database file; ':memory:' (default) keeps everything in memory and spills to `tempDirectory`. */
  path?: string;
  threads?: number;
  memoryLimit?: string;
  tempDirectory?: string;
}

/** A DuckDB instance and one connection to it. Close it when done. */
export interface Duck {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  /**
   * `maximum_object_size` for JSON reads (one delivery file is one value). DuckDB reserves about twice that per
   * reading thread, so under a memory limit it is scaled down to an eighth of the limit per thread (the rest is
   * the fold's): a larger file then fails its batch and goes through the JavaScript reader instead of every
   * batch failing for want of memory.
   */
  maxObjectBytes: number;
  close(): void;
}

const UNITS: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30 };

/** Bytes of a DuckDB size such as `512MB` or `1.5GiB`; null when not understood. */
export function sizeBytes(size: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b)$/i.exec(size.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : null;
}

/** The JSON object size limit for a memory limit and a thread count (see {@link Duck.maxObjectBytes}). */
export function maxObjectBytesFor(memoryLimit: string | undefined, threads: number): number {
  const ceiling = 1 << 29;
  const limit = memoryLimit === undefined ? null : sizeBytes(memoryLimit);
  if (limit === null) return ceiling;
  return Math.max(1 << 24, Math.min(ceiling, Math.floor(limit / (8 * Math.max(1, threads)))));
}

/** Opens DuckDB with the settings every query here relies on. Times are handled as UTC epochs, never in a session zone. */
export async function openDuck(options: DuckOptions = {}): Promise<Duck> {
  // No extension downloads at run time: everything used here (json) is built in.
  const config: Record<string, string> = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
  if (options.tempDirectory !== undefined) config['temp_directory'] = options.tempDirectory;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  // The window loop reads the same spilled Parquet files once per span: their footers are parsed once.
  await connection.run('SET parquet_metadata_cache = true');
  // No cache of the bytes DuckDB read from files: they are local (the inputs, the spilled parts) and the OS caches them
  // already. On the 120-account set the cache held 110 MB of the window loop's peak (792 MB without it, 917 MB with).
  await connection.run('SET enable_external_file_cache = false');
  // Memory a finished query freed goes back to the system at once, not when 128 MB of it piled up: a scan runs
  // one batch after another, and what the last one freed would otherwise add to the next one's peak.
  await connection.run(`SET allocator_flush_threshold = '8MB'; SET allocator_background_threads = true`);
  // Under a memory limit, freed memory also goes back at once after every large free, not only after a query: DuckDB's
  // limit covers its buffers, not the pages its allocator keeps, which set most of the peak (a 4.8M-event scan under
  // 512MB peaked at 690 MB; 527 MB with this, for half as much time again: docs/performance.md, fifteenth pass).
  if (options.memoryLimit !== undefined)
    await connection.run(`SET allocator_bulk_deallocation_flush_threshold = '8MB'`);
  const threads = Number(
    (await connection.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJson()[0]?.['t'] ?? 1,
  );
  return {
    instance,
    connection,
    maxObjectBytes: maxObjectBytesFor(options.memoryLimit, threads),
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Quotes a string as a SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
