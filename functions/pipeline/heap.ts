/**
 * How far V8 lets the heap grow past what the last full collection kept. By default it may grow to several
 * times the live heap between collections; a scan's window loop makes garbage fast, so its heap sat at
 * 600-760 MB for a live heap of 100-210 MB (docs/performance.md). A growth of 30% keeps the garbage near
 * the live size at no measured cost in time.
 * @module
 */
import { setFlagsFromString } from 'node:v8';

/** Percent of the live heap V8 may add before its next full collection. */
export const HEAP_GROWING_PERCENT = 30;

/** Bounds the heap's growth between full collections for the rest of the process (idempotent). */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
