/**
 * What invoked the detector: a schedule (any event without `backfill`) or a backfill request
 * `{ "backfill": { "days": 90 } }` / `{ "backfill": { "from": ISO, "to": ISO } }`.
 * @module
 */
import { toIso } from '../engine/cloudtrail/index.js';

export type DetectorRequest = { kind: 'scheduled' } | { kind: 'backfill'; from: string; to: string };

/** Parses the invocation event; a malformed backfill request is a value with a reason, not a crash. */
export function parseDetectorEvent(
  event: unknown,
  nowMs: number,
  lagMinutes: number,
): { ok: true; request: DetectorRequest } | { ok: false; reason: string } {
  const backfill = event !== null && typeof event === 'object' ? (event as { backfill?: unknown }).backfill : undefined;
  if (backfill === undefined) return { ok: true, request: { kind: 'scheduled' } };
  if (backfill === null || typeof backfill !== 'object')
    return { ok: false, reason: 'backfill must be an object like { "days": 90 }' };
  const b = backfill as { days?: unknown; from?: unknown; to?: unknown };
  const to = typeof b.to === 'string' ? Date.parse(b.to) : nowMs - lagMinutes * 60_000;
  if (Number.isNaN(to)) return { ok: false, reason: `backfill.to is not a time: ${String(b.to)}` };
  let from: number;
  if (typeof b.from === 'string') from = Date.parse(b.from);
  else if (typeof b.days === 'number' && Number.isInteger(b.days) && b.days >= 1 && b.days <= 3650)
    from = to - b.days * 86_400_000;
  else return { ok: false, reason: 'backfill needs "days" (an integer from 1 to 3650) or "from" (an ISO time)' };
  if (Number.isNaN(from) || from >= to) return { ok: false, reason: 'backfill.from must be a time before backfill.to' };
  return { ok: true, request: { kind: 'backfill', from: toIso(from), to: toIso(to) } };
}
