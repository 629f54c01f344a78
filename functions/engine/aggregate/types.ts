/**
 * The aggregator's contracts: what it takes in (envelopes), what it gives out (alerts, rejections,
 * counts) and the sink port alerts are routed to.
 * @module
 */
import type { Suppression } from '../config/index.js';
import type { Alert, Finding, Severity } from '../findings/index.js';

/** One event as the bus delivered it. `account` comes from the EventBridge envelope and is trusted; `detail` is not. */
export interface Envelope {
  /** The account EventBridge says sent the event (trusted: a member account cannot forge it). */
  account: string;
  detailType: string;
  /** The event body, untrusted until validated. */
  detail: unknown;
  id?: string;
  time?: string;
}

/** Detail-types the aggregator accepts. */
export const DetailType = {
  Finding: 'Anomaly Finding',
  Heartbeat: 'Agent Heartbeat',
  Alert: 'Anomaly Alert',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

/** Why an envelope or a finding inside it was refused. */
export const RejectReason = {
  AccountMismatch: 'account-mismatch',
  InvalidFinding: 'invalid-finding',
  InvalidBatch: 'invalid-batch',
  InvalidHeartbeat: 'invalid-heartbeat',
  UnknownDetailType: 'unknown-detail-type',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** A refused envelope or finding, with the reason in words. Counted, logged, never retried. */
export interface Rejection {
  /** Index of the envelope in the ingested list. */
  envelope: number;
  envelopeId: string | null;
  account: string;
  reason: RejectReason;
  detail: string;
  findingId: string | null;
}

/** What one sink achieved for one alert. */
export interface SinkOutcome {
  alertId: string;
  ok: boolean;
  /** Why it failed (never contains a secret). */
  reason?: string;
}

/** The sink port: SNS, Splunk HEC, Slack, Security Hub, the central bus, or a local console/file. */
export interface AlertSink {
  /** A stable name, used in routing config and in delivery records (e.g. `sns`, `slack`). */
  readonly name: string;
  /** Sends alerts; reports per alert. A throw counts as a failure of every alert given. */
  send(alerts: readonly Alert[]): Promise<SinkOutcome[]>;
}

/** Where one alert went. */
export interface Delivery {
  alertId: string;
  /** Sinks the routing chose for it (after skipping those that already have this revision). */
  routed: string[];
  delivered: string[];
  failed: Array<{ sink: string; reason: string }>;
  /** Sinks skipped because they already received this exact revision (a redelivery). */
  alreadyDelivered: string[];
}

/** Counters of one `ingest` call; every input ends in exactly one of them. */
export interface AggregateCounts {
  envelopes: number;
  findings: number;
  heartbeats: number;
  rejected: number;
  /** Findings seen before (within the retention window) or twice in the batch. */
  duplicates: number;
  /** Findings another invocation is processing right now: their envelopes are retried. */
  busy: number;
  suppressed: number;
  alerts: number;
  incidents: number;
  /** Alerts that updated an alert sent before (same id, more findings). */
  updates: number;
  /** Alerts under the routing threshold: kept and counted, sent to no sink. */
  belowThreshold: number;
  deliveryFailures: number;
}

/** The outcome of one `ingest` call. */
export interface AggregateResult {
  /** Every alert built in this call, suppressed ones included (see `alert.suppressed`). */
  alerts: Alert[];
  deliveries: Delivery[];
  rejected: Rejection[];
  /** Suppressions of the config past their expiry (they no longer apply: renew or remove them). */
  expiredSuppressions: Suppression[];
  duplicates: number;
  /** Indexes of envelopes to retry (partial batch failure): a sink failed or a finding was busy. */
  failedEnvelopes: number[];
  counts: AggregateCounts;
}

/** Extra context the aggregator hands to the scorer. */
export interface AlertScoreContext {
  kind: 'first-seen' | 'rule' | 'incident';
}

/** The base score of a group of findings, before the aggregator's prevalence and spread adjustments. */
export interface AlertScore {
  severity: Severity;
  score: number;
  reasons: string[];
  title: string;
}

/** The scorer seam (default: `scoreAlert` with the scoring config). */
export type AlertScorer = (findings: readonly Finding[], context: AlertScoreContext) => AlertScore;

/** An observation for org prevalence: this account (and principal, when known) has this action in its baseline. */
export interface PrevalenceObservation {
  action: string;
  account: string;
  principalKey: string | null;
  /** ISO time of the observation. */
  time: string;
}
