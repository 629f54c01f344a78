/**
 * Stages input files into DuckDB in one pass: batches of files are read with `read_json` and folded
 * at once into per-window activity (memory follows distinct behaviour, not event count). A file DuckDB
 * rejects (truncated gzip, invalid JSON, a corrupt line) goes through the JavaScript reader, which
 * salvages every complete record and names every problem. Nothing is dropped without being counted.
 * @module
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import {
  MAX_BATCH_FILES,
  NO_EVENT_TIME_LOWER_CASE,
  batches,
  readRecords,
  spoolStdin,
  type FileTable,
  type InputFile,
  type ReadItem,
} from '../files/index.js';
import type { CandidateFilter } from '../../../engine/activity/index.js';
import type { InputProblem } from '../../../engine/detect/index.js';
import { compareCodePoints } from '../../../engine/collections.js';
import type { Duck } from './connection.js';
import { type StagedFormat, writeBatchFiles } from './batch-files.js';
import { CandidateDensity } from './candidate-density.js';
import { CREATE_TABLES, MISSING_EVENT_TIME_LOWER_CASE, batchSql } from './ingest-sql.js';
import {
  PROBLEMS_SQL,
  PARTS_PER_WINDOW_SQL,
  batchCheckSql,
  candidatesViewSql,
  keepFromBatchSql,
  mergePartsSql,
  spillBatchSql,
  windowCountsSql,
} from './fold-sql.js';

/**
 * Compressed bytes of input per DuckDB batch: what one batch's read and fold hold at once is the scan's peak.
 * 24 MB kept 4.8M events under 1 GB (957 MB, 162 s) where 64 MB peaked at 1.4 GB in the same time
 * (docs/performance.md, fourth pass).
 */
const BATCH_BYTES = 24 << 20;

/**
 * Candidate records one batch should fold at most. The fold holds a batch's candidate records whole (about 1.4 KB
 * each), so a batch of input dense in them (instance-role sessions, parameter and secret reads) holds several times
 * what an ordinary one does: up to 58,000 records (81 MB of text) in a 24 MB batch of the 4.8M set, against 13,000 at
 * most in the 1M set's. Each file counts the candidates its account and region gave so far per byte
 * (candidate-density.ts), so that a batch's memory follows this bound and not the mix of the input
 * (docs/performance.md, fourteenth and fifteenth passes).
 */
const BATCH_CANDIDATES = 16_000;

/**
 * Files smaller than this on average (compressed) make a batch whose records are gathered before they are worked
 * on (`materialize` in ingest-sql.ts): 8,192 files of the 120-account set (671 bytes, 3.4 records each) staged in
 * 0.95 s instead of 1.25 s; 3,000 files of 1-3 KB (6.2 records) in 0.67 s instead of 0.73 s; 3,000 of the 1M set's
 * (8.5 KB, 57 records) took 1.22 s instead of 1.12 s (docs/performance.md, fourteenth pass).
 */
const SMALL_FILE_BYTES = 2048;

/** The smallest batch that candidate density closes: a batch has a fixed cost (one statement and one spilled file). */
const MIN_BATCH_BYTES = 4 << 20;

/** Parts folded at once for the per-window totals: bounds that fold's memory whatever the input's size. */
const FOLD_CHUNK_PARTS = 200_000;

export interface StageOptions {
  candidates: CandidateFilter;
  nowMs: number;
  futureToleranceMs: number;
  windowMs: number;
  /** Where fallback files are written (removed afterwards). */
  tempDir: string;
  maxRecordBytes?: number;
  /** Compressed bytes of input per DuckDB batch (default {@link BATCH_BYTES}): bounds memory and the cost of a failing batch. */
  batchBytes?: number;
  maxProblems?: number;
  /** Told the wall time of folding the staged parts into activity (the benchmark's phase table). */
  onFolded?: (ms: number) => void;
  onProgress?: (done: { files: number; bytes: number }, total: { files: number; bytes: number }) => void;
}

/** What staging read, and every problem it met. */
export interface StageResult {
  files: number;
  bytes: number;
  malformedFiles: number;
  /** The input files among them that could not be read completely (what they held up to the fault was staged). */
  brokenFiles: string[];
  records: number;
  malformed: Record<string, number>;
  duplicates: number;
  future: number;
  /** Records over the record limit, processed with their bulky fields cut. */
  oversized: number;
  problems: InputProblem[];
  /**
   * The file DuckDB read under a file id (to read evidence records back): an input file, or the spooled copy of
   * standard input or of a file the JavaScript reader salvaged, so evidence is the same whatever the input form.
   */
  fileOf: (fid: number) => InputFile | undefined;
  /** Removes the spooled copies; call it once evidence has been read back. */
  cleanup: () => Promise<void>;
}

/** Stages files (and standard input when given): the `activity` and `candidates` views (see fold-sql.ts) over what was read. */
export async function stageInputs(
  duck: Duck,
  files: FileTable,
  stdin: Readable | null,
  o: StageOptions,
): Promise<StageResult> {
  const db = duck.connection;
  await db.run(CREATE_TABLES);
  await mkdir(o.tempDir, { recursive: true });
  const maxProblems = o.maxProblems ?? 200;
  const problems: InputProblem[] = [];
  const jsProblems: Record<string, number> = {};
  /** The spooled copies DuckDB reads, after the input files: file ids go on from `files.length`. */
  const spooledFiles: InputFile[] = [];
  /** The file DuckDB reads under a file id: an input file, or a spooled copy. */
  const byFid = (fid: number): InputFile =>
    fid < files.length ? files.at(fid) : (spooledFiles[fid - files.length] as InputFile);
  /** What a spooled copy stands for in the problems reported: `-`, or the file the JavaScript reader salvaged. */
  const sourceOf = new Map<number, string>();
  /** The compressed bytes of files by id (a salvaged file's copy counts 0: its size is not known). */
  const bytesOf = (fids: readonly number[]): number => fids.reduce((n, fid) => n + byFid(fid).size, 0);
  const register = (file: InputFile, source: string): number => {
    const fid = files.length + spooledFiles.push(file) - 1;
    sourceOf.set(fid, source);
    return fid;
  };

  const common = {
    candidates: o.candidates,
    maxRecordBytes: o.maxRecordBytes ?? 1 << 20,
    maximumObjectSize: duck.maxObjectBytes,
    nowMs: o.nowMs,
    futureToleranceMs: o.futureToleranceMs,
    windowMs: o.windowMs,
  };
  /** The files (by id) left to the JavaScript reader. */
  const fallback: number[] = [];
  /** The batches' files, one per batch read. */
  const spilled: string[] = [];
  let batchNo = 0;
  /** Candidate records of the batches staged since the counter was last read. */
  let staged = 0;

  /**
   * Reads and folds one batch into its Parquet file (see `spillBatchSql`): memory keeps only the problems met, and
   * the run's activity is read back one span of windows at a time. A batch that fails leaves nothing behind (its
   * files are read again, or by the JavaScript reader).
   */
  const stageBatch = async (format: StagedFormat, fids: readonly number[]): Promise<void> => {
    const path = join(o.tempDir, `parts-${batchNo++}.parquet`);
    const batch = fids.map((fid) => {
      const { path, layout } = byFid(fid);
      return { fid, path, layoutAccount: layout?.accountId ?? null, deliveredAt: layout?.deliveredAt ?? null };
    });
    await writeBatchFiles(db, batch);
    // A salvaged file's copy counts no bytes (unknown): never gathered whole.
    const bytes = bytesOf(fids);
    const materialize = bytes > 0 && bytes < SMALL_FILE_BYTES * fids.length;
    await db.run(spillBatchSql(batchSql({ ...common, format, materialize }), path));
    const [check] = (await db.runAndReadAll(batchCheckSql(path))).getRowObjectsJson();
    // Files not in the shape assumed go to the JavaScript reader, which sniffs and reads them whole. What they gave
    // here (records of a concatenation's other objects) must not count twice: the batch is read again without them.
    const suspects = (Array.isArray(check?.['suspects']) ? check['suspects'] : []).map(Number);
    if (suspects.length > 0) {
      await rm(path, { force: true });
      fallback.push(...suspects);
      const rest = fids.filter((fid) => !suspects.includes(fid));
      if (rest.length > 0) await stageBatch(format, rest);
      return;
    }
    for (const sql of keepFromBatchSql(path)) await db.run(sql);
    spilled.push(path);
    staged += Number(check?.['cands'] ?? 0);
  };

  /** Reads a batch; on a DuckDB error isolates the file(s) at fault (a statement is atomic: nothing was kept). */
  const readBatch = async (format: StagedFormat, batch: readonly number[]): Promise<void> => {
    try {
      await stageBatch(format, batch);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const named = batch.filter((fid) => namedIn(message, byFid(fid).path));
      if (named.length > 0 || batch.length === 1) {
        const bad = named.length > 0 ? named : [...batch];
        fallback.push(...bad);
        const rest = batch.filter((fid) => !bad.includes(fid));
        if (rest.length > 0) await readBatch(format, rest);
        return;
      }
      const mid = Math.ceil(batch.length / 2);
      await readBatch(format, batch.slice(0, mid));
      await readBatch(format, batch.slice(mid));
    }
  };

  // Standard input in JSON Lines is spooled in chunks DuckDB reads like files; anything else goes to the JS reader.
  const spooled = stdin ? await spoolStdin(stdin, o.tempDir) : null;
  const stdinFids = (spooled?.chunks ?? []).map((chunk) => register(chunk, '-'));

  let bytes = 0;
  for (const f of files) bytes += f.size;
  const total = { files: files.length, bytes };
  const done = { files: 0, bytes: 0 };
  const maxBytes = o.batchBytes ?? BATCH_BYTES;
  const density = new CandidateDensity();
  const weight = {
    of: (fid: number) => density.expected(byFid(fid)),
    max: BATCH_CANDIDATES,
    minBytes: MIN_BATCH_BYTES,
  };
  for (const format of ['delivery', 'array', 'lines'] as const) {
    // Pretty-printed "lines" files (several lines per record) are left to the JS reader.
    const ofFormat: number[] = [];
    for (let fid = 0; fid < files.length; fid++) {
      const f = files.at(fid);
      if (f.format !== format) continue;
      if (format === 'lines' && f.multiline) fallback.push(fid);
      else ofFormat.push(fid);
    }
    if (format === 'lines') ofFormat.push(...stdinFids);
    for (const batch of batches(ofFormat, (fid) => byFid(fid).size, maxBytes, MAX_BATCH_FILES, weight)) {
      staged = 0;
      await readBatch(format, batch);
      const size = bytesOf(batch);
      density.add(batch.map(byFid), staged);
      done.files += batch.length;
      done.bytes += size;
      o.onProgress?.(done, total);
    }
  }

  const jsInputs: Array<{ label: string; items: AsyncIterable<ReadItem>; file: InputFile | null }> = fallback.map(
    (fid) => {
      const file = byFid(fid);
      const source = sourceOf.get(fid);
      return { label: source ?? file.path, items: readRecords(file), file: source === undefined ? file : null };
    },
  );
  if (spooled?.rest) jsInputs.push({ label: '-', items: readRecords({ path: '-', stream: spooled.rest }), file: null });
  const brokenFiles: string[] = [];
  for (const [i, input] of jsInputs.entries()) {
    const temp = join(o.tempDir, `fallback-${i}.jsonl`);
    const out = createWriteStream(temp);
    let fileBroken = false;
    for await (const item of input.items) {
      if (item.ok) {
        if (!out.write(`${JSON.stringify(item.record)}\n`)) await once(out, 'drain');
        continue;
      }
      jsProblems[item.reason] = (jsProblems[item.reason] ?? 0) + 1;
      if (item.index === null) fileBroken = true;
      if (problems.length < maxProblems) {
        problems.push({
          path: input.file === null ? input.label : item.path,
          reason: item.reason,
          ...(item.detail ? { detail: item.detail } : {}),
          ...(item.index !== null ? { records: 1 } : {}),
        });
      }
    }
    out.end();
    await once(out, 'close');
    if (fileBroken) brokenFiles.push(input.label);
    const tempId = register(
      {
        path: temp,
        size: 0,
        compressed: false,
        format: 'lines',
        layout: input.file?.layout ?? null,
        multiline: false,
        sniffed: true,
      },
      input.label,
    );
    await stageBatch('lines', [tempId]);
  }

  const readByJs = new Set(fallback);
  const foldStarted = performance.now();
  for (const sql of mergePartsSql(spilled)) await db.run(sql);
  const perWindow = (await db.runAndReadAll(PARTS_PER_WINDOW_SQL)).getRowObjectsJson();
  for (const [fromMs, toMs] of chunks(perWindow, FOLD_CHUNK_PARTS)) await db.run(windowCountsSql(fromMs, toMs));
  await db.run(candidatesViewSql(spilled));
  o.onFolded?.(performance.now() - foldStarted);

  // Problems found by SQL (records without eventTime, oversized, ...), per file as the user named it.
  const perFile = new Map<string, { path: string; reason: string; detail?: string; n: number }>();
  for (const row of (await db.runAndReadAll(PROBLEMS_SQL)).getRowObjectsJson()) {
    const fid = Number(row['fid']);
    const path = sourceOf.get(fid) ?? byFid(fid).path;
    const problem = String(row['problem']);
    const key = `${path}\u0000${problem}`;
    const seen =
      perFile.get(key) ??
      (problem === MISSING_EVENT_TIME_LOWER_CASE
        ? { path, reason: 'missing-eventTime', detail: NO_EVENT_TIME_LOWER_CASE, n: 0 }
        : { path, reason: problem, n: 0 });
    seen.n += Number(row['n']);
    perFile.set(key, seen);
  }
  const malformed: Record<string, number> = { ...jsProblems };
  for (const { path, reason, detail, n } of [...perFile.values()].sort(
    (a, b) => compareCodePoints(a.path, b.path) || compareCodePoints(a.reason, b.reason),
  )) {
    malformed[reason] = (malformed[reason] ?? 0) + n;
    if (problems.length < maxProblems) problems.push({ path, reason, ...(detail ? { detail } : {}), records: n });
  }

  const counts =
    (
      await db.runAndReadAll(
        `SELECT coalesce(sum(raw_cnt), 0) AS raw, coalesce(sum(cnt), 0) AS kept, coalesce(sum(future_cnt), 0) AS future,
           coalesce(sum(cut_cnt), 0) AS cut FROM window_counts`,
      )
    ).getRowObjectsJson()[0] ?? {};
  const raw = Number(counts['raw'] ?? 0);
  const kept = Number(counts['kept'] ?? 0);
  return {
    files: files.length + (stdin ? 1 : 0),
    bytes: total.bytes,
    malformedFiles: brokenFiles.length,
    brokenFiles,
    records: raw + Object.values(malformed).reduce((a, b) => a + b, 0),
    malformed,
    duplicates: raw - kept,
    future: Number(counts['future'] ?? 0),
    oversized: Number(counts['cut'] ?? 0),
    problems,
    fileOf: (fid) =>
      readByJs.has(fid) || !(fid >= 0 && fid < files.length + spooledFiles.length) ? undefined : byFid(fid),
    cleanup: () => rm(o.tempDir, { recursive: true, force: true }),
  };
}

/** Consecutive window ranges [from, to] holding about `max` parts each (one window alone may hold more). */
function chunks(perWindow: ReadonlyArray<Record<string, unknown>>, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from: number | null = null;
  let to = 0;
  let n = 0;
  for (const row of perWindow) {
    const w = Number(row['window_ms']);
    const rows = Number(row['n']);
    if (from !== null && n + rows > max) {
      out.push([from, to]);
      from = null;
      n = 0;
    }
    from ??= w;
    to = w;
    n += rows;
  }
  if (from !== null) out.push([from, to]);
  return out;
}

/** Whether a DuckDB error message names the file at `path`. */
function namedIn(message: string, path: string): boolean {
  return message.includes(`"${path}"`) || message.includes(`'${path}'`);
}
