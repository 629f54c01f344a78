/**
 * Tells what a file holds from its first bytes: gzip or not, a delivery file `{"Records":[...]}`, a bare
 * array, one record per line, a digest or Insight file, or something that is not CloudTrail at all.
 * Used by discovery (a few KB per file) and by the reader for standard input.
 * @module
 */
import { constants, gunzipSync } from 'node:zlib';
import type { InputFormat } from './input.js';

/** What the first bytes hold. */
export const Content = {
  /** CloudTrail records (or something shaped like them): read it. */
  Records: 'records',
  /** JSON, but no CloudTrail field in sight. */
  OtherJson: 'other-json',
  Digest: 'digest',
  Insight: 'insight',
  /** No bytes, only whitespace, `[]` or `{"Records":[]}`. */
  Empty: 'empty',
  /** Does not start like JSON. */
  NotJson: 'not-json',
  /** Starts with the gzip magic but does not inflate. */
  CorruptGzip: 'corrupt-gzip',
} as const;
export type Content = (typeof Content)[keyof typeof Content];

/** The verdict on a file's first bytes. */
export interface Sniff {
  compressed: boolean;
  content: Content;
  /** Set when the content is JSON. */
  format: InputFormat | null;
  /**
   * For `lines`: not plain JSONL (a value spans lines, as `jq` writes them, an `{"Events":[...]}` envelope, or a byte
   * order mark, which DuckDB's line reader takes as part of the first line): the JavaScript reader reads it.
   */
  multiline: boolean;
}

/** Whether the bytes start with the gzip magic 1f 8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Inflates as much of a gzip prefix as possible; null when the bytes are not valid gzip. */
export function inflatePrefix(head: Uint8Array): Buffer | null {
  try {
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const EVENT_FIELD = /"event(?:name|time|source|version)"\s*:/i;

/** Index of the first byte that is not whitespace or a UTF-8 byte order mark, or -1. */
export function firstNonSpace(bytes: Uint8Array, from = 0): number {
  let i = from;
  if (i === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && WS.has(bytes[i] as number)) i++;
  return i < bytes.length ? i : -1;
}

/**
 * Classifies the first bytes of a file. `complete` says the bytes are the whole file (so whitespace
 * alone means empty). Gzip is inflated as far as the bytes go.
 */
export function sniffBytes(raw: Uint8Array, complete: boolean): Sniff {
  const compressed = isGzip(raw);
  const head = compressed ? inflatePrefix(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (head === null) return { compressed, content: Content.CorruptGzip, format: null, multiline: false };
  return { compressed, ...sniffText(head.toString('utf8'), complete) };
}

function sniffText(text: string, complete: boolean): Omit<Sniff, 'compressed'> {
  const start = text.search(/[^\s\uFEFF]/);
  const verdict = (content: Content, format: InputFormat | null, multiline = false) => ({ content, format, multiline });
  if (start < 0) return verdict(complete ? Content.Empty : Content.NotJson, null);
  const rest = text.slice(start);
  const records = EVENT_FIELD.test(rest) ? Content.Records : Content.OtherJson;
  if (rest.startsWith('[')) {
    return verdict(/^\[\s*\]\s*$/.test(rest) ? Content.Empty : records, 'array');
  }
  if (!rest.startsWith('{')) return verdict(Content.NotJson, null);
  const key = /^\{\s*"([^"\\]{0,64})"\s*:/.exec(rest)?.[1];
  // A digest or Insight file is skipped only when the bytes are the whole file and hold that one object: delivery
  // files concatenated into one (as `zcat` writes them) may start with one, or hold one among the first, and the
  // records around it are the user's. Such a file is read; its digest and Insight objects are counted as malformed
  // records, as standard input counts them.
  // Parsed only then (discovery sniffs every file outside CloudTrail's layout).
  const alone = (): unknown => (complete ? parsed(rest) : undefined);
  if (key === 'Records') {
    if (/^\{\s*"Records"\s*:\s*\[\s*\]\s*\}\s*$/.test(rest)) return verdict(Content.Empty, 'delivery');
    if (rest.includes('"AwsCloudTrailInsight"') && isInsightFile(alone())) return verdict(Content.Insight, 'delivery');
    return verdict(Content.Records, 'delivery');
  }
  if (rest.includes('"digestStartTime"') && rest.includes('"digestS3Object"')) {
    // Read by the JavaScript reader (one value per line or spanning lines), as standard input is.
    return alone() === undefined ? verdict(Content.Records, 'lines', true) : verdict(Content.Digest, null);
  }
  // `aws cloudtrail lookup-events` output: one object holding every record; not JSONL, so multiline.
  if (key === 'Events') return verdict(/"CloudTrailEvent"\s*:/.test(rest) ? Content.Records : records, 'lines', true);
  return verdict(records, 'lines', text.charCodeAt(0) === 0xfeff || firstValueSpansLines(rest));
}

/** The value the text holds when it is exactly one JSON value, else undefined. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Whether a parsed file is one Insight delivery: every record of its `Records` an Insight event. */
function isInsightFile(value: unknown): boolean {
  const records = (value as { Records?: unknown } | null | undefined)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every((r) => (r as { eventType?: unknown } | null)?.eventType === 'AwsCloudTrailInsight')
  );
}

function firstValueSpansLines(text: string): boolean {
  const nl = text.indexOf('\n');
  if (nl < 0) return false;
  try {
    JSON.parse(text.slice(0, nl));
    return false;
  } catch {
    return true;
  }
}
