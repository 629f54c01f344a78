/**
 * A hunt's reader: the raw records of the input files that contain any of a few needles, read with DuckDB
 * (each record as JSON text, tested with `contains`, parsed only when it holds a needle). Files DuckDB
 * rejects, pretty-printed files and standard input (spooled once) go through the JavaScript reader.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { CloudTrailRecord } from '../../../engine/cloudtrail/index.js';
import { type Duck, sqlString } from '../duckdb/connection.js';
import { BATCH_PATHS, recordTextSql, writeBatchFiles } from '../duckdb/batch-files.js';
import { batches, type FileTable, type InputFile, readRecords } from '../files/index.js';

const MAX_OBJECT = 1 << 29;

/** Records of `files` whose JSON text contains one of `needles` (all records when `needles` is empty). */
export async function searchFiles(
  duck: Duck,
  files: FileTable,
  needles: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  const where = needles.length === 0 ? 'true' : needles.map((n) => `contains(t, ${sqlString(n)})`).join(' OR ');
  const js: InputFile[] = [...files.filter((f) => f.format === 'lines' && f.multiline)];
  let done = 0;
  for (const format of ['delivery', 'array', 'lines'] as const) {
    const ofFormat = files.filter((f) => f.format === format && !f.multiline);
    for (const batch of batches(ofFormat, (f) => f.size, 64 << 20)) {
      try {
        await writeBatchFiles(
          duck.connection,
          batch.map((f, fid) => ({ fid, path: f.path, layoutAccount: null, deliveredAt: null })),
        );
        const result = await duck.connection.runAndReadAll(
          `SELECT t FROM (SELECT r::VARCHAR AS t FROM (${recordTextSql(format, BATCH_PATHS, { maxObjectBytes: MAX_OBJECT })})) WHERE ${where}`,
        );
        for (const row of result.getRowObjectsJson()) out.push(JSON.parse(String(row['t'])) as CloudTrailRecord);
      } catch {
        js.push(...batch); // damaged or unexpected files: the JavaScript reader salvages what it can
      }
      done += batch.length;
      onProgress?.(done, files.length);
    }
  }
  for (const file of js) {
    for await (const item of readRecords(file)) {
      if (!item.ok) continue;
      const text = JSON.stringify(item.record);
      if (needles.length === 0 || needles.some((n) => text.includes(n))) out.push(item.record);
    }
  }
  return out;
}

/** Spools standard input to a JSON-lines file (a hunt reads its input several times); returns it as an input file. */
export async function spoolStdin(stream: Readable, path: string): Promise<InputFile> {
  const out = createWriteStream(path);
  let size = 0;
  for await (const item of readRecords({ path: '-', stream })) {
    if (!item.ok) continue;
    const line = `${JSON.stringify(item.record)}\n`;
    size += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return { path, size, compressed: false, format: 'lines', layout: null, multiline: false, sniffed: true };
}
