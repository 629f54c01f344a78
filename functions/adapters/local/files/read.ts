/**
 * The JavaScript reader: streams the records of one input (a discovered file or standard input) as
 * `ReadItem`s. The DuckDB source uses it for the files DuckDB rejects, for `-`, and as the reference in
 * agreement tests. Format and compression are read from the bytes; the declared format is the fallback.
 * @module
 */
import { ContainerFramer, type FramerEnd } from './read-container.js';
import { type Frame, type ReadItem, RecordProblem, toItem } from './read-item.js';
import { LinesFramer } from './read-lines.js';
import { openInflow } from './read-source.js';
import type { InputFile, InputFormat } from './input.js';

export { NO_EVENT_TIME_LOWER_CASE, RecordProblem, type ReadItem } from './read-item.js';

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /**
   * Records larger than this are reported as `oversized` and not parsed (default 64 MiB): a guard against
   * memory, not a judgement. Smaller records above CloudTrail's own size are processed with their bulky
   * fields cut, downstream.
   */
  maxRecordBytes?: number;
}

/** Standard input (or any stream) to read as `-`. */
export interface StreamInput {
  path: '-';
  stream: NodeJS.ReadableStream;
}

interface Framer {
  readonly count: number;
  push(chunk: Buffer): Frame[];
  end(): FramerEnd;
}

/** The default `maxRecordBytes`: 64 MiB. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Reads every record of one input, in file order. Bad records and file damage come out as `ok: false`
 * items (with everything readable before the damage kept); the iteration itself never throws on bad input.
 * @example
 * for await (const item of readRecords(file)) if (item.ok) handle(item.record); else count(item.reason);
 */
export async function* readRecords(
  input: InputFile | StreamInput,
  options: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const max = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const { path } = input;
  const inflow = await openInflow('stream' in input ? { stream: input.stream } : { path });
  const declared = 'format' in input ? input.format : null;

  let framer: Framer | null = null;
  let head: Buffer = Buffer.alloc(0);
  for await (const chunk of inflow.chunks) {
    if (framer === null) {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const format = formatOf(head, declared);
      if (format === undefined) continue;
      framer = format === 'lines' ? new LinesFramer(max) : new ContainerFramer(format, max);
      const body = stripBom(head);
      head = Buffer.alloc(0);
      for (const frame of framer.push(body)) yield toItem(frame, path);
      continue;
    }
    for (const frame of framer.push(chunk)) yield toItem(frame, path);
  }
  if (framer === null && head.length > 0) {
    const format = formatOf(head, declared, true) ?? 'lines';
    framer = format === 'lines' ? new LinesFramer(max) : new ContainerFramer(format, max);
    for (const frame of framer.push(stripBom(head))) yield toItem(frame, path);
  }

  const end = framer?.end() ?? { frames: [], truncated: false, empty: true, detail: '' };
  for (const frame of end.frames) yield toItem(frame, path);
  const records = framer?.count ?? 0;
  const fileProblem = (reason: RecordProblem, detail: string): ReadItem => ({
    ok: false,
    path,
    index: null,
    reason,
    detail,
    records,
  });
  if (inflow.failure !== null) {
    const lost = end.truncated ? `; ${end.detail}` : '';
    yield fileProblem(inflow.failure.reason, `${inflow.failure.detail} after ${records} records${lost}`);
  } else if (end.truncated) yield fileProblem(RecordProblem.TruncatedJson, `${end.detail}, after ${records} records`);
  else if (end.empty) yield fileProblem(RecordProblem.EmptyInput, 'no data');
}

/**
 * The format the bytes show: `[` an array, `{"Records"` a delivery file (or `{"Events"`, lookup-events output),
 * another `{` one record per line.
 * Undefined while too few bytes have arrived to tell (unless `final`).
 */
function formatOf(head: Buffer, declared: InputFormat | null, final = false): InputFormat | undefined {
  const text = stripBom(head).toString('utf8', 0, Math.min(head.length, 4096));
  const start = text.search(/\S/);
  if (start < 0) return final ? (declared ?? 'lines') : undefined;
  if (text[start] === '[') return 'array';
  if (text[start] !== '{') return declared ?? 'lines';
  const key = /^\{\s*"([^"\\]*)"/.exec(text.slice(start));
  if (key === null && !final && text.length - start < 64) return undefined;
  return key?.[1] === 'Records' || key?.[1] === 'Events' ? 'delivery' : 'lines';
}

function stripBom(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
