/**
 * The baseline port: what each account's agent remembers about its principals. One logical
 * baseline per account. Times are ISO 8601 UTC strings; `expiresAt` is the sliding TTL.
 * The store must not assume the dimension is `action` (source network, region, user-agent family come later).
 * @module
 */

/** Dimensions a baseline entry can describe. */
export const Dimension = { Action: 'action' } as const;
export type Dimension = (typeof Dimension)[keyof typeof Dimension] | (string & {});

/** Identifies one entry: (principal, dimension, value) inside an account. */
export interface EntryKey {
  principalKey: string;
  dimension: Dimension;
  value: string;
}

/**
 * A claim on an entry by a run that is about to publish a finding for it: the entry is not
 * known until the run confirms it published. A claim whose lease lapsed (the run crashed) is void.
 */
export interface EntryClaim {
  runId: string;
  /** ISO time after which the claim is void and another run may publish again. */
  leaseUntil: string;
  findingId: string;
}

/** One remembered (principal, dimension, value). */
export interface BaselineEntry extends EntryKey {
  firstSeen: string;
  lastSeen: string;
  expiresAt: string;
  /** Present while the entry's first-seen finding is not yet confirmed published. */
  claim?: EntryClaim;
}

/** A principal as first observed: its learning period starts at `firstSeen`. */
export interface PrincipalRecord {
  principalKey: string;
  type: string;
  arn: string | null;
  name: string | null;
  firstSeen: string;
  lastSeen: string;
  expiresAt: string;
  /** How many entries the principal has in the baseline, when the store keeps count (for scoring). */
  knownValues?: number;
}

/** The per-account watermark: event time processed up to, and the run that wrote it. */
export interface Checkpoint {
  accountId: string;
  /** Events with eventTime before this (minus the delivery lag) are done. ISO 8601 UTC. */
  watermark: string;
  updatedAt: string;
  runId: string;
}

/** Writes a run makes once its findings are safely handed on. Idempotent. */
export interface BaselineCommit {
  principals: PrincipalRecord[];
  /** Entries to make known (new, learned or refreshed); clears any claim on them. */
  entries: BaselineEntry[];
}

/** The outcome of claiming: which keys this run now owns and must publish. */
export interface ClaimResult {
  claimed: EntryKey[];
  /** Keys another live run holds, or that became known meanwhile: this run must not publish them. */
  lost: EntryKey[];
}

/** The baseline port. Local adapter: embedded files; AWS adapter: DynamoDB single table. */
export interface BaselineStore {
  /** Principal records by key; keys never seen (or deleted after expiry) are absent. */
  getPrincipals(accountId: string, principalKeys: readonly string[]): Promise<Map<string, PrincipalRecord>>;
  /** Entries by `entryId(key)`; expired entries may be returned (the engine treats them as unknown). */
  getEntries(accountId: string, keys: readonly EntryKey[]): Promise<Map<string, BaselineEntry>>;
  /**
   * Atomically claims entries that look new (absent, expired, or claimed with a lapsed lease), so
   * two overlapping runs cannot both publish, and a crashed run's claim is taken over.
   */
  claim(accountId: string, entries: readonly BaselineEntry[], now: string): Promise<ClaimResult>;
  /** Makes entries and principals known; runs after the findings are published. */
  commit(accountId: string, commit: BaselineCommit): Promise<void>;
  getCheckpoint(accountId: string): Promise<Checkpoint | undefined>;
  /** Advances the checkpoint; never moves it backwards. */
  putCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

/** The string id of an entry key, used as a map key and in stores. */
export function entryId(key: EntryKey): string {
  return `${key.principalKey}\u001f${key.dimension}\u001f${key.value}`;
}
