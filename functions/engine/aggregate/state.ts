/**
 * The aggregator's state port: dedup (finding ids seen, with retention and claims), actor sightings
 * for cross-account incidents, org prevalence, emitted alerts (for updates and idempotent redelivery)
 * and agent heartbeats (for the monitor). Local adapter: a JSON file; AWS adapter: one DynamoDB table.
 * @module
 */
import { type AlertKind, type Heartbeat, heartbeatFailed, type Severity } from '../findings/index.js';
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

/** A heartbeat as the aggregator receives it. */
export interface HeartbeatInput {
  accountId: string;
  receivedAt: string;
  heartbeat: Heartbeat;
}

/**
 * The latest heartbeat of one agent (one account and region) as stored for the monitor, with what the
 * state keeps across heartbeats. The derived fields are absent in records written before they existed.
 */
export interface HeartbeatRecord extends HeartbeatInput {
  /** Failed runs in a row up to this heartbeat (0 after a run that did not fail). */
  failedInARow?: number;
  /** When a run that did not fail last reported; null when none did since the record exists. */
  lastOkAt?: string | null;
  /** The latest watermark any run reported (a failed run often reports none). */
  watermark?: string | null;
  /** When this agent first reported the version it runs now. */
  versionSince?: string | null;
}

/** The key of one agent: its account, and its region when the heartbeat names one (agents in several regions). */
export function agentKeyOf(heartbeat: Pick<Heartbeat, 'accountId' | 'region'>): string {
  return heartbeat.region ? `${heartbeat.accountId}#${heartbeat.region}` : heartbeat.accountId;
}

/** The record after `input`, given the agent's previous record (the memory state's merge; DynamoDB does it in one update). */
export function nextHeartbeatRecord(prior: HeartbeatRecord | undefined, input: HeartbeatInput): HeartbeatRecord {
  const failed = heartbeatFailed(input.heartbeat);
  const version = input.heartbeat.agentVersion ?? null;
  const sameVersion = prior !== undefined && (prior.heartbeat.agentVersion ?? null) === version;
  return {
    ...input,
    failedInARow: failed ? (prior?.failedInARow ?? 0) + 1 : 0,
    lastOkAt: failed ? (prior?.lastOkAt ?? null) : input.receivedAt,
    watermark: input.heartbeat.watermark ?? prior?.watermark ?? null,
    versionSince: sameVersion ? (prior?.versionSince ?? prior?.receivedAt ?? input.receivedAt) : input.receivedAt,
  };
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
  /** Stores the latest heartbeat per agent (account and region), keeping the failure streak, last good run and watermark. */
  putHeartbeats(records: readonly HeartbeatInput[], expiresAt: string): Promise<void>;
  /** All stored heartbeats (one per agent; records written before regions were keyed may repeat an agent). */
  listHeartbeats(): Promise<HeartbeatRecord[]>;
}
