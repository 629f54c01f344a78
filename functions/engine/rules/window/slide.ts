/**
 * The sliding judgement of a window rule: at every call of an actor, the distinct targets named within
 * the span ending there. A burst starts at a call where that count reaches the threshold and at the call
 * before it did not; the same input gives the same bursts however it was cut into windows and runs.
 * @module
 */
import type { StoredObservation } from './state.js';

/** Indexes of the calls where a burst starts. */
export function burstStarts(observations: readonly StoredObservation[], threshold: number, spanMs: number): number[] {
  const counts = new Map<string, number>();
  const starts: number[] = [];
  let left = 0;
  let above = false;
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i]!;
    for (const t of o.targets) counts.set(t, (counts.get(t) ?? 0) + 1);
    while (observations[left]!.t < o.t - spanMs) {
      for (const t of observations[left]!.targets) {
        const n = (counts.get(t) ?? 0) - 1;
        if (n <= 0) counts.delete(t);
        else counts.set(t, n);
      }
      left++;
    }
    const now = counts.size >= threshold;
    if (now && !above) starts.push(i);
    above = now;
  }
  return starts;
}

/**
 * The calls of a burst that starts at `index`: the span ending there, and what followed within a span
 * after it (the burst goes on; its finding describes all of it that is known), earliest first.
 */
export function spanOf(observations: readonly StoredObservation[], index: number, spanMs: number): StoredObservation[] {
  const at = observations[index]!.t;
  return observations.filter((o) => o.t >= at - spanMs && o.t <= at + spanMs);
}
