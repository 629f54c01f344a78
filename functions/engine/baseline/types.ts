/**
 * The baseline port: what each account's agent remembers about its principals. One logical
 * baseline per account. Times are ISO 8601 UTC strings; `expiresAt` is the sliding TTL.
 * The store must not assume the dimension is `action`: networks, clients, regions and error families are learned too.
 * @module
 */

/** Dimensions a baseline entry can describe (see functions/engine/dimensions for all but `action`). */
export const Dimension = {
  Action: 'action',
  Network: 'network',
  Client: 'client',
  Region: 'region',
  ErrorCode: 'errorCode',
  /** A network and a client seen together: new when both are known but never together. */
  NetworkClient: 'network+client',
} as const;
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
  /** How many actions the principal has in the baseline, when the store keeps count (for scoring). */
  knownValues?: number;
  /** How many values of each other dimension it has (`network`: 2), when the store keeps count (approximate). */
  known?: Record<string, number>;
}

/**
 * How far an account's CloudTrail has been processed: runs follow delivery, so the position is the
 * delivery stamp of the files read (per stream: `*` for the agent's whole trail, a region locally),
 * and the watermark the latest event time seen (for reports and heartbeats).
 */
export interface Checkpoint {
  accountId: string;
  /** Stream -> delivery time (ISO) up to which every delivered file was processed. */
  delivered: Record<string, string>;
  /** Latest event time processed (ISO 8601 UTC). */
  watermark: string;
  updatedAt: string;
  runId: string;
  /** A new agent's bootstrap: deliveries up to this position are learned silently, then runs report. */
  learnUntil?: string;
  /**
   * Start of the first window ever processed for the account (ISO): how much history its baseline holds.
   * Absent on a checkpoint written before it was kept, or by a deployment: the next run starts it.
   */
  since?: string;
}

/** The furthest delivery position of a checkpoint (ISO), or null when it holds none. */
export function deliveredPosition(checkpoint: Pick<Checkpoint, 'delivered'> | undefined): string | null {
  const values = Object.values(checkpoint?.delivered ?? {});
  return values.length === 0 ? null : values.reduce((a, b) => (a > b ? a : b));
}

/** Positions merged stream by stream, the later of the two kept. */
export function mergeDelivered(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = { ...a };
  for (const [k, v] of Object.entries(b)) if (out[k] === undefined || out[k]! < v) out[k] = v;
  return out;
}

/** What a window rule remembers of one actor (see the rule engine's window rules); stored with the baseline. */
export interface WindowState {
  /** `<rule id>|<actor>`. */
  key: string;
  /** Calls before this time (epoch ms) were dropped: no burst is judged before `since + span`. */
  since: number;
  observations: Array<{ t: number; id: string; targets: string[]; flags: string[] }>;
  /** Bursts reported: the crossing call's time and event id. */
  reported: Array<{ t: number; id: string }>;
  /** When the store may forget it (ISO). */
  expiresAt: string;
}

/** Writes a run makes once its findings are safely handed on. Idempotent. */
export interface BaselineCommit {
  principals: PrincipalRecord[];
  /** Entries to make known (new, learned or refreshed); clears any claim on them. */
  entries: BaselineEntry[];
  /** Window-rule states to store (replacing the stored ones). */
  windowStates?: WindowState[];
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
  /** Window-rule states by key; absent keys were never stored (or expired). */
  getWindowStates(accountId: string, keys: readonly string[]): Promise<Map<string, WindowState>>;
  getCheckpoint(accountId: string): Promise<Checkpoint | undefined>;
  /** Advances the checkpoint; never moves a delivery position backwards. */
  putCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

/** The string id of an entry key, used as a map key and in stores. */
export function entryId(key: EntryKey): string {
  return `${key.principalKey}\u001f${key.dimension}\u001f${key.value}`;
}
