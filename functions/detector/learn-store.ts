/** A baseline view for backfill: it reads no checkpoint (so the range is the one asked for) but writes through. */
import type { BaselineStore, Checkpoint } from '../engine/baseline/index.js';

/** The store, except that `getCheckpoint` answers "none"; the real store still refuses to move a checkpoint back. */
export function ignoringCheckpoint(store: BaselineStore): BaselineStore {
  return {
    getPrincipals: (a, k) => store.getPrincipals(a, k),
    getEntries: (a, k) => store.getEntries(a, k),
    claim: (a, e, n) => store.claim(a, e, n),
    commit: (a, c) => store.commit(a, c),
    getCheckpoint: async (): Promise<Checkpoint | undefined> => undefined,
    putCheckpoint: (c) => store.putCheckpoint(c),
  };
}
