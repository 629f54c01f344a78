/**
 * What invoked the detector: a schedule (any event without `backfill`) or a backfill request
 * `{ "backfill": { "days": 90 } }` / `{ "backfill": { "from": ISO, "to": ISO } }`.
 * @module
 */
import { backfillRange } from '../pipeline/backfill-range.js';

export type DetectorRequest = { kind: 'scheduled' } | { kind: 'backfill'; from: string; to: string };

/** Parses the invocation event; a malformed backfill request is a value with a reason, not a crash. */
export function parseDetectorEvent(
  event: unknown,
  nowMs: number,
  lagMinutes: number,
): { ok: true; request: DetectorRequest } | { ok: false; reason: string } {
  const backfill = event !== null && typeof event === 'object' ? (event as { backfill?: unknown }).backfill : undefined;
  if (backfill === undefined) return { ok: true, request: { kind: 'scheduled' } };
  if (backfill === null || typeof backfill !== 'object') {
    return { ok: false, reason: 'backfill must be an object like { "days": 90 }' };
  }
  const range = backfillRange(backfill, nowMs, lagMinutes);
  if (!range.ok) return { ok: false, reason: `backfill.${range.field} ${range.reason}` };
  return { ok: true, request: { kind: 'backfill', from: range.from, to: range.to } };
}
