/**
 * The bytes of one input, inflated when they start with the gzip magic (whatever the file is called),
 * as a stream of chunks that ends quietly on a read or gzip error and says afterwards what went wrong,
 * so the reader can keep every record that came before.
 * @module
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RecordProblem } from './read-item.js';
import { isGzip } from './sniff.js';

/** Why the bytes stopped early. */
export interface SourceFailure {
  reason: typeof RecordProblem.TruncatedGzip | typeof RecordProblem.CorruptGzip | typeof RecordProblem.UnreadableFile;
  detail: string;
}

/** The inflated chunks of an input; `failure` is set once the chunks end, if they ended on an error. */
export interface Inflow {
  chunks: AsyncIterable<Buffer>;
  compressed: boolean;
  failure: SourceFailure | null;
}

const READ_CHUNK = 256 * 1024;

/** Opens a file (or wraps a stream) and inflates it when it is gzip. Never throws. */
export async function openInflow(source: { path: string } | { stream: NodeJS.ReadableStream }): Promise<Inflow> {
  const inflow: Inflow = { chunks: empty(), compressed: false, failure: null };
  const raw: AsyncIterable<Buffer | string> =
    'stream' in source
      ? (source.stream as AsyncIterable<Buffer | string>)
      : createReadStream(source.path, { highWaterMark: READ_CHUNK });
  const iterator = raw[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  try {
    while (head.length < 2) {
      const next = await iterator.next();
      if (next.done === true) break;
      head = Buffer.concat([head, toBuffer(next.value)]);
    }
  } catch (error) {
    inflow.failure = classify(error);
    return inflow;
  }
  const rest = replay(head, iterator);
  if (!isGzip(head)) {
    inflow.chunks = guard(rest, inflow);
    return inflow;
  }
  inflow.compressed = true;
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  pipeline(Readable.from(rest), gunzip, () => {
    // Errors surface through the iteration of `gunzip` below.
  });
  inflow.chunks = guard(gunzip as AsyncIterable<Buffer>, inflow);
  return inflow;
}

async function* replay(head: Buffer, iterator: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield toBuffer(next.value);
    }
  } finally {
    await iterator.return?.();
  }
}

async function* guard(chunks: AsyncIterable<Buffer>, inflow: Inflow): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (error) {
    inflow.failure = classify(error);
  }
}

async function* empty(): AsyncGenerator<Buffer> {}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Maps a read or zlib error to the problem the reader reports. */
export function classify(error: unknown): SourceFailure {
  const { code, message } = error as { code?: string; message?: string };
  const detail = [code, message].filter(Boolean).join(': ') || String(error);
  if (code === 'Z_BUF_ERROR') return { reason: RecordProblem.TruncatedGzip, detail };
  if (typeof code === 'string' && code.startsWith('Z_')) return { reason: RecordProblem.CorruptGzip, detail };
  return { reason: RecordProblem.UnreadableFile, detail };
}
