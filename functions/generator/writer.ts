/**
 * Writes the output files from a worker thread: the main thread generates and serialises, the
 * worker compresses (gzip, fixed level) and writes, so the two run on separate cores. Bounded:
 * the main thread waits when too many bytes are queued, so memory stays flat on a 1M-event run.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { GZIP_LEVEL } from './options.js';

/** Counts of what was written. */
export interface WriteStats {
  files: number;
  bytes: number;
}

/** How a file may be damaged on purpose (malformed inputs). */
export type Damage = 'truncate-half';

// Plain JavaScript run with `eval: true`, so it loads the same way under tsx, vitest and bundles.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { gzipSync } = require('node:zlib');
const dirs = new Set();
parentPort.on('message', (batch) => {
  const done = [];
  try {
    for (const job of batch) {
      const full = join(workerData.root, job.path);
      const dir = dirname(full);
      if (!dirs.has(dir)) { mkdirSync(dir, { recursive: true }); dirs.add(dir); }
      let bytes = job.path.endsWith('.gz') ? gzipSync(job.text, { level: workerData.level }) : Buffer.from(job.text);
      if (job.damage === 'truncate-half') bytes = bytes.subarray(0, Math.floor(bytes.length / 2));
      writeFileSync(full, bytes);
      done.push(bytes.length);
    }
    parentPort.postMessage({ done, queued: batch.reduce((n, j) => n + j.text.length, 0) });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.stack || error) });
  }
});
`;

interface Job {
  path: string;
  text: string;
  damage?: Damage;
}

/** Writer of files under one root directory, compressing and writing on a worker thread. */
export class FileWriter {
  readonly stats: WriteStats = { files: 0, bytes: 0 };
  private readonly worker: Worker;
  private batch: Job[] = [];
  private batchChars = 0;
  private queuedChars = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    root: string,
    /** Characters of text allowed in flight before `write` waits. */
    private readonly maxQueuedChars = 24 * 1024 * 1024,
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, level: GZIP_LEVEL } });
    this.worker.on('message', (m: { done?: number[]; queued?: number; error?: string }) => {
      if (m.error !== undefined) this.failure ??= new Error(`writing the output failed: ${m.error}`);
      for (const bytes of m.done ?? []) {
        this.stats.files++;
        this.stats.bytes += bytes;
      }
      this.queuedChars -= m.queued ?? 0;
      this.wake();
    });
    this.worker.on('error', (error) => {
      this.failure ??= error;
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private send(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.queuedChars += this.batchChars;
    this.batch = [];
    this.batchChars = 0;
  }

  /** Queues one file (gzip when the name ends in .gz); waits while too much is queued. */
  async write(path: string, text: string, damage?: Damage): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.batch.push(damage === undefined ? { path, text } : { path, text, damage });
    this.batchChars += text.length;
    if (this.batch.length >= 64 || this.batchChars >= 4 * 1024 * 1024) this.send();
    while (this.queuedChars > this.maxQueuedChars && this.failure === undefined)
      await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure !== undefined) throw this.failure;
  }

  /** Flushes, waits for every file to be written, and stops the worker; rethrows a failure. */
  async close(): Promise<void> {
    this.send();
    while (this.queuedChars > 0 && this.failure === undefined) await new Promise<void>((r) => this.waiters.push(r));
    await this.worker.terminate();
    if (this.failure !== undefined) throw this.failure;
  }
}

/** The text of a delivery file: `{"Records":[...]}` (one stringify per file is the fastest way). */
export function deliveryText(records: readonly unknown[]): string {
  return JSON.stringify({ Records: records });
}
