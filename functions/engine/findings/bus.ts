/** The FindingBus port: how a detector hands findings on (in-process locally, EventBridge in AWS). */
import type { Finding } from './schema.js';
import { pushTo } from '../collections.js';

/** What a publish achieved; a finding listed in `failed` was not handed on and must not be committed. */
export interface PublishResult {
  published: number;
  failed: Array<{ finding: Finding; reason: string }>;
}

/**
 * The detail of one `Anomaly Finding` event: findings of ONE account, ONE principal and ONE window, so the
 * aggregator can turn one principal's new behaviour into one alert. A group too large for one event
 * (256 KB) is split into parts that share `groupKey`.
 */
export interface FindingBatch {
  schemaVersion: 1;
  groupKey: string;
  part: number;
  parts: number;
  findings: Finding[];
}

/** Why an agent run failed, as a class the monitor can explain and the doctor can check (see `classifyRunError`). */
export const RunErrorClass = {
  /** S3 refused the agent's read of its trail prefix (log-archive bucket policy). */
  TrailAccessDenied: 'trail-access-denied',
  /** KMS refused to decrypt the trail (the trail key's policy). */
  TrailKeyDenied: 'trail-key-denied',
  /** The Athena query failed or ran out of time for another reason. */
  Athena: 'athena',
  /** The central bus refused the findings (bus policy, organization id, principal). */
  Publish: 'publish',
  /** The agent's baseline table refused or failed. */
  Baseline: 'baseline',
  /** The deployment's config object could not be read or parsed. */
  Config: 'config',
  Unknown: 'unknown',
} as const;
export type RunErrorClass = (typeof RunErrorClass)[keyof typeof RunErrorClass];

/** Counts a detector run reports every time it runs, even with nothing to say. */
export interface Heartbeat {
  schemaVersion: 1;
  accountId: string;
  region: string | null;
  runId: string;
  startedAt: string;
  finishedAt: string;
  windowFrom: string | null;
  windowTo: string | null;
  watermark: string | null;
  counts: Record<string, number>;
  /** Actions newly added to this account's baseline in this run (learned or first-seen), capped: feeds org prevalence. */
  learnedActions: string[];
  detectorVersion: string;
  /**
   * How the run ended: `complete`, `catching-up`, `out-of-time` or `failed` (agents from before this field
   * only report `counts.failed`). The fields below are optional for the same reason.
   */
  outcome?: string;
  /** `scheduled`, `backfill`, or `bootstrap` (a new agent learning its history silently: its watermark is old by design). */
  mode?: string;
  /** Why a failed run failed; null when it did not fail. */
  errorClass?: RunErrorClass | null;
  /** The failure's message, trimmed (an AWS error text, never log content). */
  error?: string | null;
  /** Minutes from the watermark to the end of the run; null before the first watermark. */
  watermarkLagMinutes?: number | null;
  /** The agent bundle's version (the content hash of its code), as the rollout deployed it. */
  agentVersion?: string | null;
}

/** Whether a heartbeat reports a failed run (from `outcome`, or `counts.failed` for older agents). */
export function heartbeatFailed(heartbeat: Pick<Heartbeat, 'outcome' | 'counts'>): boolean {
  if (heartbeat.outcome !== undefined) return heartbeat.outcome === 'failed';
  return (heartbeat.counts.failed ?? 0) > 0;
}

/** The port. Implementations retry what can be retried and report the rest in `failed`. */
export interface FindingBus {
  publish(findings: readonly Finding[]): Promise<PublishResult>;
  heartbeat(heartbeat: Heartbeat): Promise<void>;
}

/** The group a finding travels in: account, principal and window. */
export function findingGroupKey(finding: Finding): string {
  return `${finding.accountId}|${finding.principal.key}|${finding.window.start}`;
}

/** Splits findings into their bus groups, keeping order. */
export function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) pushTo(groups, findingGroupKey(finding), finding);
  return groups;
}
