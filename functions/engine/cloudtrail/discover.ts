/**
 * Finds the CloudTrail files under the paths a user gives: folders walked recursively, files taken as
 * given, `-` for standard input. Files in the S3 layout are taken from their path without being opened
 * (hundreds of thousands of them in a 20 GB export); anything else is sniffed from its first bytes.
 * @module
 */
import { open } from 'node:fs/promises';
import { classifyPath, inputExtension, PathKind } from './layout.js';
import { Content, sniffBytes, type Sniff } from './sniff.js';
import { limiter, walkPaths, type WalkedFile } from './walk.js';
import { type Discovery, type InputFile, type InputFormat, type SkippedFile, SkipReason } from './input.js';

export { SkipReason, type Discovery, type InputFile, type InputFormat, type SkippedFile } from './input.js';

/** Options of {@link discoverInputs}. */
export interface DiscoverOptions {
  /** Bytes read from a file to tell its format (default 16 KiB; gzip is inflated from them). */
  sniffBytes?: number;
  /** Follow symbolic links inside folders (default true; loops are detected). Named paths are always followed. */
  followSymlinks?: boolean;
  /** File system calls in flight at once (default 32). */
  concurrency?: number;
}

type Verdict = { file: InputFile } | { skipped: SkippedFile };

/**
 * Discovers the input files under `paths` (folders, files, or `-`), in a deterministic order.
 * @example
 * const { files, skipped } = await discoverInputs(['./AWSLogs']);
 */
export async function discoverInputs(paths: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const concurrency = options.concurrency ?? 32;
  const stdin = paths.includes('-');
  const slots = await walkPaths(
    paths.filter((p) => p !== '-'),
    { followSymlinks: options.followSymlinks ?? true, concurrency },
  );

  const seen = new Set<string>();
  let duplicates = 0;
  const limit = limiter(concurrency);
  const pending: Array<Promise<Verdict>> = [];
  for (const slot of slots) {
    if ('skipped' in slot) {
      pending.push(Promise.resolve(slot));
      continue;
    }
    const { id } = slot.file;
    if (id !== null && seen.has(id)) {
      duplicates++;
      continue;
    }
    if (id !== null) seen.add(id);
    pending.push(limit(() => judge(slot.file, options.sniffBytes ?? 16 * 1024)));
  }

  const discovery: Discovery = { files: [], skipped: [], duplicates, stdin };
  for (const verdict of await Promise.all(pending)) {
    if ('file' in verdict) discovery.files.push(verdict.file);
    else discovery.skipped.push(verdict.skipped);
  }
  return discovery;
}

/** Decides whether one walked file is read, and how. */
async function judge(file: WalkedFile, sniffSize: number): Promise<Verdict> {
  const { path, size, given } = file;
  const skip = (reason: SkipReason, detail?: string): Verdict => ({ skipped: { path, reason, ...(detail ? { detail } : {}) } });
  const ext = inputExtension(path);
  const { kind, layout } = classifyPath(path);
  if (kind === PathKind.Digest) return skip(SkipReason.Digest);
  if (kind === PathKind.Insight) return skip(SkipReason.Insight);
  if (size === 0) return skip(SkipReason.Empty);
  if (!given && ext === null) return skip(SkipReason.NotCloudTrail, 'file extension is not .json, .jsonl or .ndjson (optionally .gz)');
  const take = (format: InputFormat, compressed: boolean, sniffed: boolean, multiline = false): Verdict => ({
    file: { path, size, compressed, format, layout, multiline, sniffed },
  });
  if (layout !== null && kind === PathKind.CloudTrail && ext === '.json.gz') return take('delivery', true, false);

  let sniff: Sniff;
  try {
    sniff = sniffBytes(await readHead(path, sniffSize), size <= sniffSize);
  } catch (error) {
    return skip(SkipReason.Unreadable, (error as { code?: string }).code ?? String(error));
  }
  switch (sniff.content) {
    case Content.Records:
      return take(sniff.format ?? 'lines', sniff.compressed, true, sniff.multiline);
    case Content.OtherJson:
      return given ? take(sniff.format ?? 'lines', sniff.compressed, true, sniff.multiline) : skip(SkipReason.NotCloudTrail, 'JSON without CloudTrail event fields');
    case Content.Digest:
      return skip(SkipReason.Digest);
    case Content.Insight:
      return skip(SkipReason.Insight);
    case Content.Empty:
      return skip(SkipReason.Empty);
    case Content.CorruptGzip:
      // Still read, so the reader reports the damage with whatever it can salvage.
      return given || ext !== null ? take(/\.(jsonl|ndjson)/i.test(path) ? 'lines' : 'delivery', true, true) : skip(SkipReason.NotCloudTrail, 'gzip that does not inflate');
    default:
      return skip(SkipReason.NotCloudTrail, given ? 'does not start with { or [ (not JSON)' : 'not JSON');
  }
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
