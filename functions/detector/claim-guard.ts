/**
 * Holds the checkpoint at pairs another run still claims. A run that finds a pair claimed by a live
 * lease of another run leaves it to that run; if that run had crashed, nobody would re-read the pair's
 * window once the lease lapses, unless the checkpoint stays before it. This wrapper notes such pairs
 * (at read time, and when a claim is lost and the pair is still not known) and caps every checkpoint
 * write at the earliest of them: the next run re-reads from there and either finds the pair committed
 * by its owner or takes over the lapsed claim. Overlapping live runs only cost a re-read.
 * @module
 */
import type { BaselineEntry, BaselineStore, Checkpoint, EntryKey } from '../engine/baseline/index.js';
import { entryId } from '../engine/baseline/index.js';

/** A store that holds the checkpoint at pairs claimed elsewhere; `heldAt()` says where, if anywhere. */
export interface GuardedStore extends BaselineStore {
  heldAt(): string | null;
}

/** Wraps the store of one run (`runId`, wall clock `now`). */
export function guardingClaims(store: BaselineStore, runId: string, now: string): GuardedStore {
  const nowMs = Date.parse(now);
  let held: number | null = null;
  const hold = (time: string): void => {
    const ms = Date.parse(time);
    if (!Number.isNaN(ms) && (held === null || ms < held)) held = ms;
  };
  const claimedElsewhere = (e: BaselineEntry): boolean => e.claim !== undefined && e.claim.runId !== runId && Date.parse(e.claim.leaseUntil) > nowMs;
  const known = (e: BaselineEntry | undefined): boolean => e !== undefined && e.claim === undefined && Date.parse(e.expiresAt) > nowMs;

  return {
    getPrincipals: (accountId, keys) => store.getPrincipals(accountId, keys),
    async getEntries(accountId, keys) {
      const entries = await store.getEntries(accountId, keys);
      for (const entry of entries.values()) if (claimedElsewhere(entry)) hold(entry.firstSeen);
      return entries;
    },
    async claim(accountId, entries, at) {
      const result = await store.claim(accountId, entries, at);
      if (result.lost.length > 0) {
        const after = await store.getEntries(accountId, result.lost);
        const proposed = new Map(entries.map((e) => [entryId(e), e]));
        for (const key of result.lost as EntryKey[]) {
          if (!known(after.get(entryId(key)))) hold(proposed.get(entryId(key))?.firstSeen ?? at);
        }
      }
      return result;
    },
    commit: (accountId, commit) => store.commit(accountId, commit),
    getCheckpoint: (accountId) => store.getCheckpoint(accountId),
    async putCheckpoint(checkpoint: Checkpoint) {
      const capped = held !== null && Date.parse(checkpoint.watermark) > held ? { ...checkpoint, watermark: new Date(held).toISOString() } : checkpoint;
      await store.putCheckpoint(capped);
    },
    heldAt: () => (held === null ? null : new Date(held).toISOString()),
  };
}
