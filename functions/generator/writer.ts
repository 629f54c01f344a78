/**
 * Writes gzip files with bounded concurrency: serialisation on the main thread, compression on
 * libuv's pool, at most a few files in flight so memory stays flat on a 1M-event run.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { CloudTrailRecord } from '../engine/cloudtrail/index.js';
import { GZIP_LEVEL } from './options.js';
import { recordJson } from './serialize.js';

const gzip = promisify(gzipCallback);

/** Counts of what was written. */
export interface WriteStats {
  files: number;
  bytes: number;
}

/** Bounded-concurrency writer of files under one root directory. */
export class FileWriter {
  readonly stats: WriteStats = { files: 0, bytes: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirs = new Set<string>();
  private failure: unknown;

  constructor(
    private readonly root: string,
    private readonly concurrency = 16,
  ) {}

  private async ensureDir(dir: string): Promise<void> {
    if (this.dirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /** Compresses and writes `text` to `relativePath` (gzip when the name ends in .gz); `mutate` may damage the bytes. */
  async write(relativePath: string, text: string, mutate?: (bytes: Buffer) => Buffer): Promise<void> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    const full = join(this.root, relativePath);
    const job = (async () => {
      await this.ensureDir(dirname(full));
      let bytes: Buffer = relativePath.endsWith('.gz') ? await gzip(text, { level: GZIP_LEVEL }) : Buffer.from(text);
      if (mutate !== undefined) bytes = mutate(bytes);
      await writeFile(full, bytes);
      this.stats.files++;
      this.stats.bytes += bytes.length;
    })();
    const tracked: Promise<void> = job
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** Waits for every pending write; rethrows the first failure. */
  async close(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }
}

/** The text of a delivery file: `{"Records":[...]}`. */
export function deliveryText(records: readonly CloudTrailRecord[]): string {
  let text = '{"Records":[';
  for (let i = 0; i < records.length; i++) {
    if (i > 0) text += ',';
    text += recordJson(records[i] as CloudTrailRecord);
  }
  return `${text}]}`;
}
