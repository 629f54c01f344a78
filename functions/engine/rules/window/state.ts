/**
 * What a window rule remembers of one actor between windows and runs: its recent calls (compacted: one
 * per target set, flags and minute, the earliest kept) and the bursts already reported. It is bounded by
 * time (the span plus the late-delivery allowance) and by size, and stored in the baseline store.
 * @module
 */

import type { WindowState } from '../../baseline/index.js';

export type { WindowState };

/** One remembered call. `t` is epoch ms. */
export type StoredObservation = WindowState['observations'][number];

/** The most calls kept per actor; beyond, the oldest go and `since` moves up. */
export const MAX_OBSERVATIONS = 2000;

/** The state key of a rule and actor. */
export function windowStateKey(ruleId: string, actor: string): string {
  return `${ruleId}|${actor}`;
}

const byTime = (a: StoredObservation, b: StoredObservation): number =>
  a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Merges new calls into remembered ones: duplicates (same event id) once, repeats compacted, time order. */
export function mergeObservations(
  known: readonly StoredObservation[],
  fresh: readonly StoredObservation[],
): StoredObservation[] {
  const seen = new Set<string>();
  const bySignature = new Map<string, StoredObservation>();
  for (const o of [...known, ...fresh].sort(byTime)) {
    if (seen.has(o.id)) continue;
    seen.add(o.id);
    // One call per target set, flags and minute is enough to count distinct targets in a span of minutes.
    const signature = `${Math.floor(o.t / 60_000)}\u001f${o.targets.join('\u001e')}\u001f${o.flags.join('\u001e')}`;
    if (!bySignature.has(signature)) bySignature.set(signature, o);
  }
  return [...bySignature.values()].sort(byTime);
}

/** Drops what is older than `keepMs` before the latest call (and the oldest beyond the size bound). */
export function pruneState(state: WindowState, keepMs: number): WindowState {
  const last = state.observations.at(-1)?.t ?? state.since;
  let since = Math.max(state.since, last - keepMs);
  let observations = state.observations.filter((o) => o.t >= since);
  if (observations.length > MAX_OBSERVATIONS) {
    observations = observations.slice(-MAX_OBSERVATIONS);
    since = Math.max(since, observations[0]!.t);
  }
  return {
    ...state,
    since,
    observations,
    reported: state.reported.filter((r) => r.t >= since - keepMs),
    expiresAt: new Date(last + keepMs).toISOString(),
  };
}
