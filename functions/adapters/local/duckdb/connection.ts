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
  close(): void;
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
  return {
    instance,
    connection,
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
