/**
 * The aggregator's state port: dedup (finding ids seen, with retention and claims), actor sightings
 * for cross-account incidents, org prevalence, emitted alerts (for updates and idempotent redelivery)
 * and agent heartbeats (for the monitor). Local adapter: a JSON file; AWS adapter: one DynamoDB table.
 * @module
 */
import type { AlertKind, Heartbeat, Severity } from '../findings/index.js';
import type { PrevalenceObservation } from './types.js';

/** What a claim on a finding id found. */
export const ClaimStatus = {
  /** New (or its claim lapsed, or its dedup record expired): this invocation owns it now. */
  Claimed: 'claimed',
  /** Already alerted on within the retention window. */
  Seen: 'seen',
  /** Another live invocation holds it: retry later. */
  Busy: 'busy',
} as const;
export type ClaimStatus = (typeof ClaimStatus)[keyof typeof ClaimStatus];

/** One account's latest sighting of an actor. */
export interface ActorSighting {
  account: string;
  /** Latest event time of the actor's findings in that account (ISO). */
  eventTime: string;
  /** The alert those findings went into. */
  alertId: string;
  /** The incident the actor belongs to, once there is one. */
  incidentId: string | null;
}

/** Everything remembered about one actor key (e.g. `access-key:AKIA...`), by account. */
export interface ActorRecord {
  key: string;
  sightings: ActorSighting[];
}

/** An alert as remembered: enough to update it and to know which sinks already have each revision. */
export interface AlertRecord {
  id: string;
  kind: AlertKind;
  /** Fingerprint of the alert's content (its findings and accounts). */
  revision: string;
  firstCreatedAt: string;
  updatedAt: string;
  severity: Severity;
  score: number;
  accounts: string[];
  values: string[];
  findingIds: string[];
  /** Sinks that received each revision. */
  delivered: Record<string, string[]>;
}

/** Org prevalence of one action: which accounts have it (with when they last reported it) and how many principals. */
export interface PrevalenceRecord {
  action: string;
  /** Account id -> ISO time last reported. */
  accounts: Record<string, string>;
  principals: number;
}

/** Prevalence of the actions asked for, and how many accounts the aggregator knows at all. */
export interface PrevalenceView {
  actions: Map<string, PrevalenceRecord>;
  /** Account id -> ISO time last heard of (any heartbeat or finding). */
  knownAccounts: Record<string, string>;
}

/** A heartbeat as stored for the monitor. */
export interface HeartbeatRecord {
  accountId: string;
  receivedAt: string;
  heartbeat: Heartbeat;
}

/** Writes at the end of an invocation. Idempotent. */
export interface StateCommit {
  /** Findings now alerted on (their claims become dedup records until `expiresAt`). */
  seen: Array<{ findingId: string; alertId: string }>;
  seenExpiresAt: string;
  /** Claims to drop so a retry can take the findings at once (delivery failed). */
  release: string[];
  /** Actor sightings to add or refresh, by actor key. */
  sightings: Array<{ key: string; sighting: ActorSighting; expiresAt: string }>;
  /** Alert records to write; `delivered` sinks are added to what is stored for that revision. */
  alerts: AlertRecord[];
  alertExpiresAt: string;
}

/** The port. */
export interface AggregatorState {
  /** Claims finding ids for `owner` until `leaseUntil`; reports each id's status. */
  claimFindings(
    ids: readonly string[],
    owner: string,
    now: string,
    leaseUntil: string,
  ): Promise<Map<string, ClaimStatus>>;
  /** Actor records by key; unknown keys are absent. */
  getActors(keys: readonly string[]): Promise<Map<string, ActorRecord>>;
  /** Alert records by id; unknown and expired ids are absent. */
  getAlerts(ids: readonly string[], now: string): Promise<Map<string, AlertRecord>>;
  /** Prevalence of the given actions (absent when no account has them) and the known accounts. */
  getPrevalence(actions: readonly string[]): Promise<PrevalenceView>;
  /** Adds prevalence observations (set semantics: idempotent). */
  addPrevalence(observations: readonly PrevalenceObservation[], expiresAt: string): Promise<void>;
  commit(commit: StateCommit): Promise<void>;
  /** Stores the latest heartbeat per account. */
  putHeartbeats(records: readonly HeartbeatRecord[], expiresAt: string): Promise<void>;
  /** All stored heartbeats (one per account). */
  listHeartbeats(): Promise<HeartbeatRecord[]>;
}
