/**
 * A baseline view for backfill: it reads no checkpoint (so the range is the one asked for), and it
 * writes the checkpoint only when the backfill reached its end. A backfill cut short therefore never
 * drags the live checkpoint back into history (which would make scheduled runs alert on old activity).
 * @module
 */
import type { BaselineStore, Checkpoint } from '../engine/baseline/index.js';

/** The store for a backfill ending at `to` (ISO). */
export function ignoringCheckpoint(store: BaselineStore, to: string): BaselineStore {
  const end = Date.parse(to);
  return {
    getPrincipals: (a, k) => store.getPrincipals(a, k),
    getEntries: (a, k) => store.getEntries(a, k),
    claim: (a, e, n) => store.claim(a, e, n),
    commit: (a, c) => store.commit(a, c),
    getCheckpoint: async (): Promise<Checkpoint | undefined> => undefined,
    putCheckpoint: async (c) => {
      if (Date.parse(c.watermark) >= end) await store.putCheckpoint(c);
    },
  };
}
