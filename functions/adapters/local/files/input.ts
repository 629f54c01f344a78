/**
 * The input contract between discovery, the JavaScript reader and the DuckDB activity source:
 * which files to read, in which format, and which were skipped and why.
 * @module
 */
import type { Layout } from '../../../engine/cloudtrail/layout.js';
import type { FileTable } from './file-table.js';

/** `{"Records":[...]}` (what CloudTrail delivers) | a bare JSON array | one record per line (JSONL, NDJSON). */
export type InputFormat = 'delivery' | 'array' | 'lines';

/** One file to read. */
export interface InputFile {
  path: string;
  /** Size on disk in bytes (compressed size for gzip). */
  size: number;
  compressed: boolean;
  format: InputFormat;
  /** Where the file sits in the S3 layout, when it does (the account, region and delivery date of its folder). */
  layout: Layout | null;
  /**
   * For `lines`: the file is not JSONL (records pretty-printed over several lines, as `jq` writes them, or
   * `aws cloudtrail lookup-events` output). A newline-delimited reader rejects it; `readRecords` reads it.
   */
  multiline: boolean;
  /** Format and compression were read from the bytes (false: assumed from the S3 layout and the name). */
  sniffed: boolean;
}

/** Why a file was not read. */
export const SkipReason = {
  /** A CloudTrail-Digest file (log file integrity validation), not events. */
  Digest: 'digest',
  /** A CloudTrail Insights file: AWS's own anomaly events, not API activity. */
  Insight: 'insight',
  /** Not CloudTrail: another extension, not JSON, JSON without CloudTrail fields, or not a regular file. */
  NotCloudTrail: 'not-cloudtrail',
  /** No bytes, or no records (`[]`, `{"Records":[]}`). */
  Empty: 'empty',
  /** The file or folder exists but cannot be opened or listed (permissions, I/O error). */
  Unreadable: 'unreadable',
  /** A path named on the command line does not exist. */
  NotFound: 'not-found',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** A file or folder that was not read, with the reason (counted in the run summary). */
export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

/** The result of discovery, in a deterministic order. */
export interface Discovery {
  files: FileTable;
  skipped: SkippedFile[];
  /** Files reached twice (the same path given twice, overlapping folders, links): read once. */
  duplicates: number;
  /** `-` was among the paths: the caller reads standard input with `readRecords({ path: '-', stream })`. */
  stdin: boolean;
}
