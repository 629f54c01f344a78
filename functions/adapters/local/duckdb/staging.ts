/**
 * Stages input files into DuckDB: the fast path reads whole batches with `read_json`; a file DuckDB
 * rejects (truncated gzip, invalid JSON, a corrupt line) goes through the JavaScript reader, which
 * salvages every complete record and names every problem. Nothing is dropped without being counted.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { readRecords, type InputFile } from '../../../engine/cloudtrail/index.js';
import type { CandidateFilter } from '../../../engine/activity/index.js';
import type { InputProblem } from '../../../engine/detect/summary.js';
import { sqlString, type Duck } from './connection.js';
import { CREATE_TABLES, ingestSql, type StagedFormat } from './ingest-sql.js';
import { CREATE_EVENTS } from './activity-sql.js';

export interface StageOptions {
  candidates: CandidateFilter;
  nowMs: number;
  futureToleranceMs: number;
  /** Where fallback files are written (removed afterwards). */
  tempDir: string;
  maxRecordBytes?: number;
  /** Bytes of input per DuckDB batch (default 256 MB): bounds the cost of a failing batch. */
  batchBytes?: number;
  maxProblems?: number;
  onProgress?: (done: { files: number; bytes: number }, total: { files: number; bytes: number }) => void;
}

/** What staging read, and every problem it met. */
export interface StageResult {
  files: number;
  bytes: number;
  malformedFiles: number;
  records: number;
  malformed: Record<string, number>;
  duplicates: number;
  future: number;
  problems: InputProblem[];
}

const FALLBACK_REASONS = new Set(['invalid-json', 'not-delivery-format']);

/** Stages files (and standard input when given) into the `events` table. */
export async function stageInputs(duck: Duck, files: readonly InputFile[], stdin: Readable | null, o: StageOptions): Promise<StageResult> {
  const db = duck.connection;
  await db.run(CREATE_TABLES);
  await mkdir(o.tempDir, { recursive: true });
  const problems: InputProblem[] = [];
  const jsProblems: Record<string, number> = {};
  const fidOf = new Map<string, number>();
  let nextFid = 0;
  const register = async (rows: Array<{ path: string; file: InputFile | null; source: string | null }>): Promise<void> => {
    for (let i = 0; i < rows.length; i += 1000) {
      const values = rows.slice(i, i + 1000).map(({ path, file, source }) => {
        const fid = nextFid++;
        fidOf.set(path, fid);
        const account = file?.layout?.accountId;
        const delivered = file?.layout?.deliveredAt;
        return `(${fid}, ${sqlString(path)}, ${account ? sqlString(account) : 'NULL'}, ${
          delivered ? `make_timestamp(${Date.parse(delivered) * 1000}::BIGINT)` : 'NULL'
        }, ${source ? sqlString(source) : 'NULL'})`;
      });
      if (values.length) await db.run(`INSERT INTO ct_files VALUES ${values.join(', ')}`);
    }
  };
  await register(files.map((file) => ({ path: file.path, file, source: null })));

  const total = { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) };
  const done = { files: 0, bytes: 0 };
  const fallback: InputFile[] = [];
  const common = { candidates: o.candidates, maxRecordBytes: o.maxRecordBytes ?? 1 << 20, maximumObjectSize: 1 << 29, nowMs: o.nowMs, futureToleranceMs: o.futureToleranceMs };

  const ingestBatch = async (format: StagedFormat, batch: readonly InputFile[]): Promise<void> => {
    try {
      await db.run(ingestSql({ ...common, format, paths: batch.map((f) => f.path) }));
    } catch (error) {
      // A statement is atomic: nothing of the failed batch was staged. Isolate the file(s) at fault.
      const named = namedIn(error, batch);
      if (named.length > 0 || batch.length === 1) {
        const bad = named.length > 0 ? named : [...batch];
        fallback.push(...bad);
        const rest = batch.filter((f) => !bad.includes(f));
        if (rest.length > 0) await ingestBatch(format, rest);
        return;
      }
      const mid = Math.ceil(batch.length / 2);
      await ingestBatch(format, batch.slice(0, mid));
      await ingestBatch(format, batch.slice(mid));
    }
  };

  for (const format of ['delivery', 'array', 'lines'] as const) {
    const ofFormat = files.filter((f) => f.format === format);
    for (const batch of batches(ofFormat, o.batchBytes ?? 256 << 20)) {
      await ingestBatch(format, batch);
      done.files += batch.length;
      done.bytes += batch.reduce((n, f) => n + f.size, 0);
      o.onProgress?.(done, total);
    }
  }

  // Files with a corrupt line or in an unexpected shape: re-read them exactly with the JS reader.
  const suspect = await db.runAndReadAll(
    `SELECT DISTINCT f.path FROM staged s JOIN ct_files f USING (fid) WHERE s.problem IN (${[...FALLBACK_REASONS].map(sqlString).join(', ')})`,
  );
  const suspectPaths = new Set(suspect.getRowObjectsJson().map((r) => String(r['path'])));
  if (suspectPaths.size > 0) {
    await db.run(`DELETE FROM staged WHERE fid IN (SELECT fid FROM ct_files WHERE path IN (${[...suspectPaths].map(sqlString).join(', ')}))`);
    fallback.push(...files.filter((f) => suspectPaths.has(f.path)));
  }

  const jsInputs: Array<{ label: string; items: AsyncIterable<import('../../../engine/cloudtrail/index.js').ReadItem>; file: InputFile | null }> = [
    ...fallback.map((file) => ({ label: file.path, items: readRecords(file), file })),
  ];
  if (stdin) jsInputs.push({ label: '-', items: readRecords({ path: '-', stream: stdin }), file: null });
  let malformedFiles = 0;
  for (const [i, input] of jsInputs.entries()) {
    const temp = join(o.tempDir, `fallback-${i}.jsonl`);
    const out = createWriteStream(temp);
    let fileBroken = false;
    for await (const item of input.items) {
      if (item.ok) {
        if (!out.write(`${JSON.stringify(item.record)}\n`)) await once(out, 'drain');
      } else {
        jsProblems[item.reason] = (jsProblems[item.reason] ?? 0) + 1;
        if (item.index === null) fileBroken = true;
        if (problems.length < (o.maxProblems ?? 200)) {
          problems.push({ path: item.path, reason: item.reason, ...(item.detail ? { detail: item.detail } : {}), ...(item.index !== null ? { records: 1 } : {}) });
        }
      }
    }
    out.end();
    await once(out, 'close');
    if (fileBroken) malformedFiles++;
    await register([{ path: temp, file: input.file, source: input.label }]);
    await db.run(ingestSql({ ...common, format: 'lines', paths: [temp] }));
  }

  // Problems found by SQL (records without eventTime, oversized, ...), per file.
  const sqlProblems = await db.runAndReadAll(
    `SELECT coalesce(f.source_path, f.path) AS path, s.problem, count(*) AS n FROM staged s JOIN ct_files f USING (fid)
     WHERE s.problem IS NOT NULL GROUP BY ALL ORDER BY path, s.problem`,
  );
  const malformed: Record<string, number> = { ...jsProblems };
  for (const row of sqlProblems.getRowObjectsJson()) {
    const reason = String(row['problem']);
    const n = Number(row['n']);
    malformed[reason] = (malformed[reason] ?? 0) + n;
    if (problems.length < (o.maxProblems ?? 200)) problems.push({ path: String(row['path']), reason, records: n });
  }

  await db.run(CREATE_EVENTS);
  const counts = (await db.runAndReadAll(
    `SELECT (SELECT count(*) FROM staged WHERE problem IS NULL) AS valid, (SELECT count(*) FROM events) AS kept,
            (SELECT count(*) FROM events WHERE future) AS future`,
  )).getRowObjectsJson()[0] ?? {};
  await rm(o.tempDir, { recursive: true, force: true });
  const valid = Number(counts['valid'] ?? 0);
  const kept = Number(counts['kept'] ?? 0);
  return {
    files: files.length + (stdin ? 1 : 0),
    bytes: total.bytes,
    malformedFiles,
    records: valid + Object.values(malformed).reduce((a, b) => a + b, 0),
    malformed,
    duplicates: valid - kept,
    future: Number(counts['future'] ?? 0),
    problems,
  };
}

/** Splits files into batches of about `maxBytes`. */
function* batches(files: readonly InputFile[], maxBytes: number): Generator<InputFile[]> {
  let batch: InputFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (batch.length > 0 && bytes + file.size > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.size;
  }
  if (batch.length > 0) yield batch;
}

/** The files a DuckDB error message names. */
function namedIn(error: unknown, batch: readonly InputFile[]): InputFile[] {
  const message = error instanceof Error ? error.message : String(error);
  return batch.filter((f) => message.includes(`"${f.path}"`) || message.includes(`'${f.path}'`));
}
