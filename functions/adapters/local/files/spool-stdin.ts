/**
 * Standard input as fast as a file: plain JSON Lines is spooled in chunks of about 8 MB, cut at line ends,
 * into temporary files DuckDB reads like any .jsonl file (in parallel, with the same per-line salvage).
 * Anything else (gzip, a delivery object, an array, values spanning lines) is handed back, its first bytes
 * replayed, for the JavaScript reader.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { InputFile } from './input.js';
import { Content, sniffBytes } from './sniff.js';

/** What standard input became. */
export interface SpooledStdin {
  /** JSON Lines chunks for DuckDB (empty when standard input is not plain JSON Lines). */
  chunks: InputFile[];
  /** Standard input for the JavaScript reader when it is not plain JSON Lines, else null. */
  rest: Readable | null;
}

const SNIFF_BYTES = 64 * 1024;

/** Spools standard input into `dir` (see the module comment). */
export async function spoolStdin(stream: Readable, dir: string, chunkBytes = 8 << 20): Promise<SpooledStdin> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let held = 0;
  let ended = false;
  const pull = async (): Promise<boolean> => {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    parts.push(chunk);
    held += chunk.length;
    return true;
  };
  while (held < SNIFF_BYTES && (await pull()));
  const head = Buffer.concat(parts);
  const sniff = sniffBytes(head, ended);
  const jsonLines =
    !sniff.compressed &&
    sniff.format === 'lines' &&
    !sniff.multiline &&
    (sniff.content === Content.Records || sniff.content === Content.OtherJson);
  if (!jsonLines) return { chunks: [], rest: Readable.from(replay(head, iterator, ended)) };

  const chunks: InputFile[] = [];
  const flush = async (bytes: Buffer): Promise<void> => {
    if (bytes.length === 0) return;
    const path = join(dir, `stdin-${chunks.length}.jsonl`);
    await writeFile(path, bytes);
    chunks.push({
      path,
      size: bytes.length,
      compressed: false,
      format: 'lines',
      layout: null,
      multiline: false,
      sniffed: true,
    });
  };
  // Chunks are joined only when about chunkBytes are held (a line longer than that waits for its end).
  let threshold = chunkBytes;
  for (;;) {
    if (held >= threshold || ended) {
      let bytes = Buffer.concat(parts);
      const cut = ended ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
      if (cut > 0) {
        await flush(bytes.subarray(0, cut));
        bytes = bytes.subarray(cut);
      }
      if (ended) break;
      parts.length = 0;
      parts.push(bytes);
      held = bytes.length;
      threshold = cut > 0 ? chunkBytes : held + chunkBytes;
    }
    await pull();
  }
  return { chunks, rest: null };
}

async function* replay(head: Buffer, iterator: AsyncIterator<Buffer | string>, ended: boolean): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (ended) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return;
    yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
  }
}
