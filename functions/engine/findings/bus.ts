/** The FindingBus port: how a detector hands findings on (in-process locally, EventBridge in AWS). */
import type { Finding } from './schema.js';

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
  for (const finding of findings) {
    const key = findingGroupKey(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return groups;
}
