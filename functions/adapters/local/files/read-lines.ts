/**
 * Streams records out of one-record-per-line input (JSONL / NDJSON, as CloudTrail Lake, Athena or a SIEM
 * export them). A line that parses is a record (a `{"Records":[...]}` or `{"Events":[...]}` line is
 * expanded); a line that does not is scanned: it may open a value that goes on over the next lines
 * (pretty-printed JSON, as `jq` writes it), hold several values, or be broken. A broken record never
 * swallows the records after it: a raw newline cannot sit inside a JSON string, and a `{` in column 0
 * starts a new value. One problem covers a broken record and the lines that belonged to it.
 * @module
 */
import type { FramerEnd } from './read-container.js';
import { type Frame, parseFrame, RecordProblem } from './read-item.js';
import { isSpace, newScan, OPEN, scanValue, type ScanState, UNBALANCED } from './salvage-scan.js';

const NEWLINE = Buffer.from('\n');

interface Multiline {
  pieces: Buffer[];
  size: number;
  oversized: boolean;
  scan: ScanState;
  line: number;
}

/** Cuts records out of line-oriented input, chunk by chunk. */
export class LinesFramer {
  private partial: Buffer[] = [];
  private partialSize = 0;
  /** The current line went over the limit: its bytes are dropped until its end. */
  private skippingLine = false;
  private lineNo = 0;
  private index = 0;
  private open: Multiline | null = null;
  private broken: { index: number; line: number; lastLine: number; why: string } | null = null;
  private started = false;

  constructor(private readonly maxRecordBytes: number) {}

  /** Records (values) cut so far, ok or not. */
  get count(): number {
    return this.index;
  }

  /** Feeds the next chunk; returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let i = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, i);
      if (nl < 0) {
        this.hold(chunk.subarray(i));
        return out;
      }
      this.hold(chunk.subarray(i, nl));
      this.endLine(out);
      i = nl + 1;
    }
  }

  /** Ends the input: the last line without a newline, and a value still open. */
  end(): FramerEnd {
    const frames: Frame[] = [];
    if (this.partialSize > 0 || this.skippingLine) this.endLine(frames);
    this.flushBroken(frames);
    const open = this.open;
    this.open = null;
    const truncated = open !== null;
    const detail = open
      ? `input ends inside the record that starts on line ${open.line} (${open.size} bytes of it lost)`
      : '';
    return { frames, truncated, empty: !this.started, detail };
  }

  private hold(piece: Buffer): void {
    if (piece.length === 0) return;
    this.partialSize += piece.length;
    if (this.skippingLine) return;
    if (this.partialSize > this.maxRecordBytes) {
      this.skippingLine = true;
      this.partial = [];
    } else this.partial.push(piece);
  }

  private endLine(out: Frame[]): void {
    this.lineNo++;
    const size = this.partialSize;
    const line = this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial);
    const skipped = this.skippingLine;
    this.partial = [];
    this.partialSize = 0;
    this.skippingLine = false;
    if (skipped) {
      this.started = true;
      this.flushBroken(out);
      this.open = null;
      const detail = `line of ${size} bytes (limit ${this.maxRecordBytes})`;
      out.push({ kind: 'problem', reason: RecordProblem.Oversized, index: this.index++, detail, line: this.lineNo });
      return;
    }
    const text = line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
    let first = 0;
    while (first < text.length && isSpace(text[first])) first++;
    if (first === text.length) return;
    this.started = true;
    if (this.broken !== null) {
      if (text[0] !== 0x7b && text[0] !== 0x5b) {
        this.broken.lastLine = this.lineNo;
        return;
      }
      this.flushBroken(out);
    }
    if (this.open !== null) return this.scanLine(text, out);
    const frame = parseFrame(text.toString('utf8'), this.index, this.lineNo);
    if (frame.kind === 'value') return this.emit(frame.value, this.lineNo, out);
    this.scanLine(text, out);
  }

  private emit(value: unknown, line: number, out: Frame[]): void {
    const envelope = value as { Records?: unknown; Events?: unknown } | null;
    const records = envelope?.Records ?? envelope?.Events;
    if (Array.isArray(records) && typeof (value as { eventName?: unknown }).eventName !== 'string') {
      for (const record of records) out.push({ kind: 'value', value: record, index: this.index++, line });
    } else out.push({ kind: 'value', value, index: this.index++, line });
  }

  /** The slow path: values that span lines, several values on a line, broken lines. */
  private scanLine(text: Buffer, out: Frame[]): void {
    let i = 0;
    if (this.open !== null && (text[0] === 0x7b || text[0] === 0x5b) && this.open.scan.depth > 0) {
      const { line } = this.open;
      this.open = null;
      out.push({
        kind: 'problem',
        reason: RecordProblem.InvalidJson,
        index: this.index++,
        detail: `the record never closes before line ${this.lineNo}`,
        line,
      });
    }
    for (;;) {
      if (this.open === null) {
        while (i < text.length && isSpace(text[i])) i++;
        if (i >= text.length) return;
        if (text[i] !== 0x7b && text[i] !== 0x5b) return this.breakAt('not JSON');
        this.open = { pieces: [], size: 0, oversized: false, scan: newScan(), line: this.lineNo };
      }
      const open = this.open;
      const end = scanValue(text, i, open.scan);
      if (end === UNBALANCED) return this.breakAt('unbalanced brackets');
      const stop = end === OPEN ? text.length : end;
      this.append(open, text.subarray(i, stop));
      if (end === OPEN) {
        if (open.scan.inString) return this.breakAt('a string runs past the end of the line');
        this.append(open, NEWLINE);
        return;
      }
      this.open = null;
      if (open.oversized) {
        const detail = `${open.size} bytes (limit ${this.maxRecordBytes})`;
        out.push({ kind: 'problem', reason: RecordProblem.Oversized, index: this.index++, detail, line: open.line });
      } else {
        const frame = parseFrame(Buffer.concat(open.pieces).toString('utf8'), this.index, open.line);
        if (frame.kind === 'value') this.emit(frame.value, open.line, out);
        else {
          this.index++;
          out.push(frame);
        }
      }
      i = end;
    }
  }

  private append(open: Multiline, piece: Buffer): void {
    open.size += piece.length;
    if (open.oversized) return;
    if (open.size > this.maxRecordBytes) {
      open.oversized = true;
      open.pieces = [];
    } else open.pieces.push(piece);
  }

  /** The framing is lost: one problem covers this line and the lines after it up to the next `{` or `[` in column 0. */
  private breakAt(why: string): void {
    const line = this.open?.line ?? this.lineNo;
    this.open = null;
    this.broken = { index: this.index++, line, lastLine: this.lineNo, why };
  }

  private flushBroken(out: Frame[]): void {
    const b = this.broken;
    if (b === null) return;
    this.broken = null;
    const lines = b.lastLine > b.line ? `lines ${b.line}-${b.lastLine}` : `line ${b.line}`;
    out.push({
      kind: 'problem',
      reason: RecordProblem.InvalidJson,
      index: b.index,
      detail: `${b.why} (${lines})`,
      line: b.line,
    });
  }
}
