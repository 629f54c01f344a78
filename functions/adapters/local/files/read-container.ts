/**
 * Streams the records out of a delivery file `{"Records":[...]}` or a bare array `[...]` without holding
 * the file: each element is cut out at its closing bracket and parsed alone, so memory stays bounded by
 * one record and every complete record before a truncation or corruption is kept. After a corruption the
 * framer searches for the next record start and goes on. Concatenated files (`zcat *.json.gz`) work too, and
 * so does `aws cloudtrail lookup-events` output (`{"Events":[{"CloudTrailEvent":"<record as a string>"}]}`).
 * @module
 */
import { type Frame, parseFrame, RecordProblem } from './read-item.js';
import {
  findRecordStart,
  isSpace,
  newScan,
  OPEN,
  RECORD_START_OVERLAP,
  scalarEnd,
  scanValue,
  type ScanState,
  UNBALANCED,
} from './salvage-scan.js';

/** How a framed input ended. */
export interface FramerEnd {
  frames: Frame[];
  /** The input stopped inside the structure (a partial record or an unclosed container). */
  truncated: boolean;
  /** No byte but whitespace was seen. */
  empty: boolean;
  detail: string;
}

// States: what the next significant byte may be.
const SEEK = 0; // the top-level opener
const KEY_FIRST = 1; // a key or `}` right after `{`
const KEY = 2; // inside a key string
const COLON = 3;
const VALUE = 4; // the value of a key
const OBJ_NEXT = 5; // `,` or `}` after a member
const KEY_NEXT = 6; // a key after `,`
const ELEM_FIRST = 7; // an element or `]` right after `[`
const ELEM_NEXT = 8; // an element after `,`
const ARR_NEXT = 9; // `,` or `]` after an element
const IN_VALUE = 10; // inside an element (or a skipped value)
const DONE = 11; // after the top-level value
const RESYNC = 12; // searching for the next record after a corruption

interface Pending {
  pieces: Buffer[];
  size: number;
  oversized: boolean;
  /** The value of a key other than `Records`: scanned and dropped. */
  skip: boolean;
  scalar: boolean;
  scan: ScanState;
}

/** Cuts records out of a delivery or array stream, chunk by chunk. */
export class ContainerFramer {
  private state = SEEK;
  private base = 0;
  private index = 0;
  private key = '';
  private sawRecords = false;
  private started = false;
  private pending: Pending | null = null;
  private carry = Buffer.alloc(0);

  constructor(
    private readonly format: 'delivery' | 'array',
    private readonly maxRecordBytes: number,
  ) {}

  /** Records (values) cut so far, ok or not. */
  get count(): number {
    return this.index;
  }

  /** Feeds the next chunk; returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let buf = chunk;
    let i = 0;
    while (i < buf.length) {
      if (this.state === IN_VALUE) i = this.continueValue(buf, i, out);
      else if (this.state === KEY) i = this.readKey(buf, i);
      else if (this.state === RESYNC) {
        const hay = this.carry.length > 0 ? Buffer.concat([this.carry, buf.subarray(i)]) : buf.subarray(i);
        const at = findRecordStart(hay);
        if (at < 0) {
          this.carry = Buffer.from(hay.subarray(Math.max(0, hay.length - RECORD_START_OVERLAP)));
          i = buf.length;
        } else {
          this.base += i - this.carry.length + at;
          this.carry = Buffer.alloc(0);
          buf = hay.subarray(at);
          i = 0;
          this.state = ELEM_NEXT;
        }
      } else if (isSpace(buf[i])) i++;
      else i = this.structural(buf, i, out);
    }
    this.base += buf.length;
    return out;
  }

  /** Ends the input; reports a partial record or an unclosed container. */
  end(): FramerEnd {
    const frames: Frame[] = [];
    if (this.pending?.scalar) this.finishValue(frames);
    const empty = !this.started;
    const truncated = this.started && this.state !== DONE && this.state !== RESYNC;
    let detail = '';
    if (truncated) {
      detail =
        this.pending && !this.pending.skip
          ? `input ends inside record ${this.index} (${this.pending.size} bytes of it lost)`
          : 'input ends before the closing bracket';
    }
    return { frames, truncated, empty, detail };
  }

  private structural(buf: Buffer, i: number, out: Frame[]): number {
    const c = buf[i];
    this.started = true;
    switch (this.state) {
      case SEEK:
      case DONE:
        if (this.format === 'array' && c === 0x5b) return this.go(ELEM_FIRST, i);
        if (this.format === 'delivery' && c === 0x7b) {
          this.sawRecords = false;
          return this.go(KEY_FIRST, i);
        }
        return this.corrupt(
          out,
          i,
          this.state === DONE ? 'data after the end of the JSON value' : 'does not start like JSON',
        );
      case KEY_FIRST:
      case KEY_NEXT:
        if (c === 0x22) {
          this.key = '';
          return this.go(KEY, i);
        }
        if (c === 0x7d) return this.closeObject(out, i);
        return this.corrupt(out, i, 'expected a key');
      case COLON:
        return c === 0x3a ? this.go(VALUE, i) : this.corrupt(out, i, 'expected :');
      case VALUE:
        if ((this.key === 'Records' || this.key === 'Events') && c === 0x5b) {
          this.sawRecords = true;
          return this.go(ELEM_FIRST, i);
        }
        if (this.key === 'Records') {
          this.sawRecords = true;
          out.push({
            kind: 'problem',
            reason: RecordProblem.UnexpectedShape,
            index: null,
            detail: 'Records is not an array',
          });
        }
        return this.beginValue(buf, i, true);
      case OBJ_NEXT:
        if (c === 0x2c) return this.go(KEY_NEXT, i);
        return c === 0x7d ? this.closeObject(out, i) : this.corrupt(out, i, 'expected , or }');
      case ELEM_FIRST:
      case ELEM_NEXT:
        return c === 0x5d ? this.closeArray(i) : this.beginValue(buf, i, false);
      case ARR_NEXT:
        if (c === 0x2c) return this.go(ELEM_NEXT, i);
        return c === 0x5d ? this.closeArray(i) : this.corrupt(out, i, 'expected , or ] between records');
      default:
        return this.corrupt(out, i, 'unexpected byte');
    }
  }

  private go(state: number, i: number): number {
    this.state = state;
    return i + 1;
  }

  private readKey(buf: Buffer, i: number): number {
    const scan: ScanState = { depth: 0, inString: true, escape: false };
    const end = scanValue(buf, i, scan);
    const stop = end === OPEN ? buf.length : end;
    if (this.key.length < 64) this.key += buf.toString('utf8', i, Math.min(stop, i + 64)).replace(/"$/, '');
    if (end === OPEN) return buf.length;
    this.state = COLON;
    return end;
  }

  private closeObject(out: Frame[], i: number): number {
    if (!this.sawRecords)
      out.push({
        kind: 'problem',
        reason: RecordProblem.UnexpectedShape,
        index: null,
        detail: 'an object without a Records array',
      });
    return this.go(DONE, i);
  }

  private closeArray(i: number): number {
    return this.go(this.format === 'delivery' ? OBJ_NEXT : DONE, i);
  }

  private beginValue(buf: Buffer, i: number, skip: boolean): number {
    const c = buf[i];
    const scalar = c !== 0x7b && c !== 0x5b && c !== 0x22;
    this.pending = { pieces: [], size: 0, oversized: false, skip, scalar, scan: newScan() };
    this.state = IN_VALUE;
    return i;
  }

  private continueValue(buf: Buffer, i: number, out: Frame[]): number {
    const p = this.pending as Pending;
    const end = p.scalar ? scalarEnd(buf, i) : scanValue(buf, i, p.scan);
    if (end === UNBALANCED) return this.corrupt(out, i, 'unbalanced brackets');
    const stop = end < 0 ? buf.length : end;
    this.append(p, buf.subarray(i, stop));
    if (end >= 0) this.finishValue(out);
    return stop;
  }

  private append(p: Pending, piece: Buffer): void {
    p.size += piece.length;
    if (p.skip || p.oversized) return;
    if (p.size > this.maxRecordBytes) {
      p.oversized = true;
      p.pieces = [];
    } else p.pieces.push(piece);
  }

  private finishValue(out: Frame[]): void {
    const p = this.pending as Pending;
    this.pending = null;
    if (p.skip) {
      this.state = OBJ_NEXT;
      return;
    }
    this.state = ARR_NEXT;
    const index = this.index++;
    if (p.oversized) {
      out.push({
        kind: 'problem',
        reason: RecordProblem.Oversized,
        index,
        detail: `${p.size} bytes (limit ${this.maxRecordBytes})`,
      });
    } else {
      const bytes = p.pieces.length === 1 ? (p.pieces[0] as Buffer) : Buffer.concat(p.pieces);
      out.push(parseFrame(bytes.toString('utf8'), index));
    }
  }

  private corrupt(out: Frame[], i: number, why: string): number {
    out.push({
      kind: 'problem',
      reason: RecordProblem.InvalidJson,
      index: null,
      detail: `${why} at byte ${this.base + i}; searching for the next record`,
    });
    this.pending = null;
    this.state = RESYNC;
    this.carry = Buffer.alloc(0);
    return i;
  }
}
