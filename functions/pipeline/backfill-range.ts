/**
 * The range a backfill learns, as the detector's invocation event and `ct-anomaly backfill` ask for it:
 * `{ days }` ending now (minus the delivery lag) or an explicit `{ from, to }`.
 * @module
 */
import { toIso } from '../engine/cloudtrail/index.js';

/** A backfill request as written (days, or from/to as ISO times). */
export interface BackfillAsk {
  days?: unknown;
  from?: unknown;
  to?: unknown;
}

/** The range, or why the request is not one; the reason names the field as the request wrote it. */
export function backfillRange(
  ask: BackfillAsk,
  nowMs: number,
  lagMinutes: number,
): { ok: true; from: string; to: string } | { ok: false; field: 'days' | 'from' | 'to'; reason: string } {
  const to = typeof ask.to === 'string' ? Date.parse(ask.to) : nowMs - lagMinutes * 60_000;
  if (Number.isNaN(to)) return { ok: false, field: 'to', reason: `is not a time: ${String(ask.to)}` };
  let from: number;
  if (typeof ask.from === 'string') from = Date.parse(ask.from);
  else if (typeof ask.days === 'number' && Number.isInteger(ask.days) && ask.days >= 1 && ask.days <= 3650)
    from = to - ask.days * 86_400_000;
  else return { ok: false, field: 'days', reason: 'needs days (an integer from 1 to 3650) or from (an ISO time)' };
  if (Number.isNaN(from) || from >= to) return { ok: false, field: 'from', reason: 'must be a time before to' };
  return { ok: true, from: toIso(from), to: toIso(to) };
}
