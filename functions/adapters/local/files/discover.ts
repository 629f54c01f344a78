/**
 * Finds the CloudTrail files under the paths a user gives: folders walked recursively, files taken as
 * given, `-` for standard input. Files in the S3 layout are taken from their path without being opened
 * (hundreds of thousands of them in a 20 GB export); anything else is sniffed from its first bytes.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { classifyPath, inputExtension, PathKind } from '../../../engine/cloudtrail/layout.js';
import { FileTable } from './file-table.js';
import { Content, sniffBytes, type Sniff } from './sniff.js';
import { turn, walkPaths, type WalkedFile } from './walk.js';
import { type Discovery, type InputFile, type InputFormat, type SkippedFile, SkipReason } from './input.js';

export { SkipReason, type Discovery, type InputFile, type InputFormat, type SkippedFile } from './input.js';

/** Options of {@link discoverInputs}. */
export interface DiscoverOptions {
  /** Bytes read from a file to tell its format (default 16 KiB; gzip is inflated from them). */
  sniffBytes?: number;
  /** Follow symbolic links inside folders (default true; loops are detected). Named paths are always followed. */
  followSymlinks?: boolean;
  /** Called every few hundred paths while folders are walked (for a progress line on a large export). */
  onProgress?: (paths: number) => void;
}

/** `opened`: the file was read to decide (so the caller can pace itself). */
type Verdict = { file: InputFile } | { skipped: SkippedFile; opened: boolean };

/**
 * Discovers the input files under `paths` (folders, files, or `-`), in a deterministic order.
 * @example
 * const { files, skipped } = await discoverInputs(['./AWSLogs']);
 */
export async function discoverInputs(paths: readonly string[], options: DiscoverOptions = {}): Promise<Discovery> {
  const stdin = paths.includes('-');
  const slots = walkPaths(
    paths.filter((p) => p !== '-'),
    {
      followSymlinks: options.followSymlinks ?? true,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const discovery: Discovery = { files: new FileTable(), skipped: [], duplicates: 0, stdin };
  const seen = new Set<string>();
  let sniffed = 0;
  for await (const slot of slots) {
    if ('skipped' in slot) {
      discovery.skipped.push(slot.skipped);
      continue;
    }
    const { id } = slot.file;
    if (id !== null && seen.has(id)) {
      discovery.duplicates++;
      continue;
    }
    if (id !== null) seen.add(id);
    const verdict = judge(slot.file, options.sniffBytes ?? 16 * 1024);
    if ('file' in verdict) discovery.files.add(verdict.file, slot.file.name ?? undefined);
    else discovery.skipped.push(verdict.skipped);
    if ('file' in verdict ? verdict.file.sniffed : verdict.opened) {
      if (++sniffed % 256 === 0) await turn();
    }
  }
  return discovery;
}

/** Decides whether one walked file is read, and how. */
function judge(file: WalkedFile, sniffSize: number): Verdict {
  const { path, size, given } = file;
  let opened = false;
  const skip = (reason: SkipReason, detail?: string): Verdict => ({
    skipped: { path, reason, ...(detail ? { detail } : {}) },
    opened,
  });
  const ext = inputExtension(path);
  const info = classifyPath(path);
  const { kind, layout } = info;
  if (kind === PathKind.Digest) return skip(SkipReason.Digest);
  if (kind === PathKind.Insight) return skip(SkipReason.Insight);
  if (size === 0) return skip(SkipReason.Empty);
  if (!given && ext === null)
    return skip(SkipReason.NotCloudTrail, 'file extension is not .json, .jsonl or .ndjson (optionally .gz)');
  const take = (format: InputFormat, compressed: boolean, sniffed: boolean, multiline = false): Verdict => ({
    file: { path, size, compressed, format, layout, multiline, sniffed },
  });
  if (layout !== null && kind === PathKind.CloudTrail && ext === '.json.gz') return take('delivery', true, false);

  let sniff: Sniff;
  try {
    opened = true;
    sniff = sniffBytes(readHead(path, sniffSize), size <= sniffSize);
  } catch (error) {
    return skip(SkipReason.Unreadable, (error as { code?: string }).code ?? String(error));
  }
  switch (sniff.content) {
    case Content.Records:
      return take(sniff.format ?? 'lines', sniff.compressed, true, sniff.multiline);
    case Content.OtherJson:
      return given
        ? take(sniff.format ?? 'lines', sniff.compressed, true, sniff.multiline)
        : skip(SkipReason.NotCloudTrail, 'JSON without CloudTrail event fields');
    case Content.Digest:
      return skip(SkipReason.Digest);
    case Content.Insight:
      return skip(SkipReason.Insight);
    case Content.Empty:
      return skip(SkipReason.Empty);
    case Content.CorruptGzip:
      // Still read, so the reader reports the damage with whatever it can salvage.
      return given || ext !== null
        ? take(/\.(jsonl|ndjson)/i.test(path) ? 'lines' : 'delivery', true, true)
        : skip(SkipReason.NotCloudTrail, 'gzip that does not inflate');
    default:
      return skip(SkipReason.NotCloudTrail, given ? 'does not start with { or [ (not JSON)' : 'not JSON');
  }
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
