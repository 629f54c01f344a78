/**
 * A byte-level JSON structure scanner: it tracks strings, escapes and bracket depth (not grammar), so the
 * readers can cut complete values out of a stream, keep every complete record before a corruption, and
 * find the next record after one. Strings are skipped with `indexOf`, so most bytes are never looked at in JS.
 * @module
 */

/** Where the scanner stands inside one value; carried across chunks. */
export interface ScanState {
  depth: number;
  inString: boolean;
  /** The previous chunk ended on an odd run of backslashes inside a string. */
  escape: boolean;
}

/** A fresh state for a value about to start. */
export function newScan(): ScanState {
  return { depth: 0, inString: false, escape: false };
}

/** Returned by {@link scanValue} when the chunk ended inside the value. */
export const OPEN = -1;
/** Returned by {@link scanValue} when a closing bracket had no opener. */
export const UNBALANCED = -2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Advances `state` over `bytes` from `from` (at or inside a value that starts with `{`, `[` or `"`).
 * Returns the offset just after the value's last byte, {@link OPEN} when the bytes end first, or
 * {@link UNBALANCED}.
 */
export function scanValue(bytes: Buffer, from: number, state: ScanState): number {
  const end = bytes.length;
  let i = from;
  while (i < end) {
    if (state.inString) {
      if (state.escape) {
        state.escape = false;
        i++;
        continue;
      }
      const floor = i;
      let quote = bytes.indexOf(QUOTE, i);
      while (quote >= 0 && oddBackslashesBefore(bytes, quote, floor)) quote = bytes.indexOf(QUOTE, quote + 1);
      if (quote < 0) {
        state.escape = oddBackslashesBefore(bytes, end, floor);
        return OPEN;
      }
      state.inString = false;
      i = quote + 1;
      if (state.depth === 0) return i;
      continue;
    }
    const c = bytes[i] as number;
    if (c === QUOTE) state.inString = true;
    else if (c === 0x7b || c === 0x5b) state.depth++;
    else if (c === 0x7d || c === 0x5d) {
      state.depth--;
      if (state.depth === 0) return i + 1;
      if (state.depth < 0) return UNBALANCED;
    }
    i++;
  }
  return OPEN;
}

function oddBackslashesBefore(bytes: Buffer, at: number, floor: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= floor && bytes[j] === BACKSLASH; j--) n++;
  return n % 2 === 1;
}

/** Whitespace as JSON defines it. */
export function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Where a scalar value (number, true, false, null) that starts at `from` ends: the first delimiter
 * (`,` `]` `}` or whitespace), or -1 when the bytes end first.
 */
export function scalarEnd(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c)) return i;
  }
  return -1;
}

/**
 * The start of the next CloudTrail record after a corruption: `{` then one of the keys only a record has
 * at its top level. The bytes are read as latin1 so that string offsets are byte offsets.
 */
const RECORD_START =
  /\{\s*"(?:eventVersion|userIdentity|eventTime|eventSource|eventName|awsRegion|sourceIPAddress|eventID|eventType|eventCategory|recipientAccountId|requestID)"\s*:/;

/** Offset of the next record start in `bytes`, or -1. */
export function findRecordStart(bytes: Buffer): number {
  const m = RECORD_START.exec(bytes.toString('latin1'));
  return m === null ? -1 : m.index;
}

/** Bytes kept from the end of a chunk while searching, so a record start split across chunks is still found. */
export const RECORD_START_OVERLAP = 40;
