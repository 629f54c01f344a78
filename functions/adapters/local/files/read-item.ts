/**
 * What the reader yields: a record, or a problem with its path and position. Every record in the input
 * comes out as exactly one of the two (a file-level problem stands for the records it made unreadable).
 * @module
 */
import type { CloudTrailRecord } from '../../../engine/cloudtrail/record.js';
import { parseEventTime } from '../../../engine/cloudtrail/event-time.js';

/** Why a record (index set) or the rest of a file (index null) could not be read. */
export const RecordProblem = {
  InvalidJson: 'invalid-json',
  NotAnObject: 'not-an-object',
  MissingEventTime: 'missing-eventTime',
  MissingEventName: 'missing-eventName',
  InvalidEventTime: 'invalid-eventTime',
  /** Larger than `maxRecordBytes`: CloudTrail never writes records above 256 KB, so it is forged or corrupt. */
  Oversized: 'oversized',
  TruncatedGzip: 'truncated-gzip',
  /** The gzip stream is damaged (bad block or checksum): records before the damage are kept. */
  CorruptGzip: 'corrupt-gzip',
  TruncatedJson: 'truncated-json',
  UnreadableFile: 'unreadable-file',
  /** Valid JSON of the wrong shape: an object without a `Records` array in a delivery file. */
  UnexpectedShape: 'unexpected-shape',
  /** The input holds no bytes at all (standard input or a file emptied since discovery). */
  EmptyInput: 'empty-input',
} as const;
export type RecordProblem = (typeof RecordProblem)[keyof typeof RecordProblem];

/** One read result. */
export type ReadItem =
  | {
      ok: true;
      record: CloudTrailRecord;
      path: string;
      /** Position of the record in its file, from 0, counting problems too. */
      index: number;
      /** `eventTime` in epoch milliseconds (parsed once here). */
      eventTimeMs: number;
      /** 1-based line of a one-record-per-line file. */
      line?: number;
    }
  | {
      ok: false;
      path: string;
      /** Position of the bad record; null for a problem of the file (truncation, damage, unreadable). */
      index: number | null;
      reason: RecordProblem;
      detail?: string;
      line?: number;
      /** For a file-level problem: records read from the file before it (salvaged). */
      records?: number;
    };

/** A value cut out of the input by a framer, or a problem found while cutting. */
export type Frame =
  | { kind: 'value'; value: unknown; index: number; line?: number }
  | { kind: 'problem'; reason: RecordProblem; index: number | null; detail: string; line?: number };

/** The detail of a record without `eventTime` that has `eventtime`: Athena's lower-cased columns, not CloudTrail's. */
export const NO_EVENT_TIME_LOWER_CASE =
  'no eventTime (lower-case field names: an Athena export? see docs/input-formats.md)';

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

/** Checks a value is a record with the two fields every consumer needs, and turns a frame into an item. */
export function toItem(frame: Frame, path: string): ReadItem {
  const at = frame.line === undefined ? {} : { line: frame.line };
  if (frame.kind === 'problem')
    return { ok: false, path, index: frame.index, reason: frame.reason, detail: frame.detail, ...at };
  const { index } = frame;
  const value = unwrap(frame.value);
  const problem = (reason: RecordProblem, detail: string): ReadItem => ({
    ok: false,
    path,
    index,
    reason,
    detail,
    ...at,
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return problem(RecordProblem.NotAnObject, `${describe(value)}, not a record`);
  const record = value as CloudTrailRecord;
  if (typeof record.eventTime !== 'string' || record.eventTime === '') {
    return problem(RecordProblem.MissingEventTime, 'eventtime' in record ? NO_EVENT_TIME_LOWER_CASE : 'no eventTime');
  }
  if (typeof record.eventName !== 'string' || record.eventName === '')
    return problem(RecordProblem.MissingEventName, 'no eventName');
  const eventTimeMs = parseEventTime(record.eventTime);
  if (eventTimeMs === null)
    return problem(RecordProblem.InvalidEventTime, `eventTime ${JSON.stringify(record.eventTime.slice(0, 64))}`);
  return { ok: true, record, path, index, eventTimeMs, ...at };
}

/**
 * `aws cloudtrail lookup-events` (and the LookupEvents API) carry each record as a JSON string in
 * `CloudTrailEvent`: read the record from it. Anything else is returned as it is.
 */
function unwrap(value: unknown): unknown {
  const inner = (value as { CloudTrailEvent?: unknown } | null)?.CloudTrailEvent;
  if (typeof inner !== 'string' || typeof (value as { eventTime?: unknown }).eventTime === 'string') return value;
  try {
    return JSON.parse(inner);
  } catch {
    return value;
  }
}

/** Parses JSON text into a value frame, or an invalid-json problem frame. */
export function parseFrame(text: string, index: number, line?: number): Frame {
  const at = line === undefined ? {} : { line };
  try {
    return { kind: 'value', value: JSON.parse(text), index, ...at };
  } catch (error) {
    return {
      kind: 'problem',
      reason: RecordProblem.InvalidJson,
      index,
      detail: (error as Error).message.slice(0, 160),
      ...at,
    };
  }
}
