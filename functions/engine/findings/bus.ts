/** The FindingBus port: how a detector hands findings on (in-process locally, EventBridge in AWS). */
import type { Finding } from './schema.js';

/** What a publish achieved; a finding listed in `failed` was not handed on and must not be committed. */
export interface PublishResult {
  published: number;
  failed: Array<{ finding: Finding; reason: string }>;
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
  detectorVersion: string;
}

/** The port. Implementations retry what can be retried and report the rest in `failed`. */
export interface FindingBus {
  publish(findings: readonly Finding[]): Promise<PublishResult>;
  heartbeat(heartbeat: Heartbeat): Promise<void>;
}
