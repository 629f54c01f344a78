/** What an agent run reports: the report type, the heartbeat built from it, and its metrics line. */
import { toIso } from '../engine/cloudtrail/index.js';
import { DETECTOR_VERSION } from '../engine/detect/index.js';
import type { FindingBus, Heartbeat } from '../engine/findings/index.js';
import type { AwsCallCounts } from '../adapters/aws/shared/index.js';
import { emfDocument, MetricNamespace } from './emf.js';
import type { Logger } from './log.js';

/** How a run ended: complete, catching up (range cut by the window bound), out of time (budget), failed. */
export const RunOutcome = {
  Complete: 'complete',
  CatchingUp: 'catching-up',
  OutOfTime: 'out-of-time',
  Failed: 'failed',
} as const;
export type RunOutcome = (typeof RunOutcome)[keyof typeof RunOutcome];

/** What a run did: returned by the handler, logged, and summarised in the heartbeat. */
export interface AgentReport {
  runId: string;
  accountId: string;
  /** A scheduled run, a backfill asked for, or a new agent learning its history before it reports. */
  mode: 'scheduled' | 'backfill' | 'bootstrap';
  outcome: RunOutcome;
  from: string | null;
  to: string | null;
  watermark: string | null;
  /** Where the next run (or the next backfill call) continues when the range was not finished. */
  resumeFrom: string | null;
  windows: number;
  events: number;
  serviceEvents: number;
  findings: { firstSeen: number; rule: number; published: number };
  learned: number;
  athena: { queries: number; bytesScanned: number; executionMs: number; candidatesTruncated: number };
  calls: AwsCallCounts['calls'];
  /** DynamoDB read and write units (for capacity and cost). */
  items: AwsCallCounts['items'];
  durationMs: number;
  error: string | null;
}

/** Sends the run's heartbeat; a failure is logged, never thrown (the monitor notices silence). */
export async function sendHeartbeat(
  deps: { bus: FindingBus; accountId: string; region: string | null; clock: () => Date; log: Logger },
  report: AgentReport,
  startedAt: string,
  learnedActions: string[],
): Promise<void> {
  const heartbeat: Heartbeat = {
    schemaVersion: 1,
    accountId: deps.accountId,
    region: deps.region,
    runId: report.runId,
    startedAt,
    finishedAt: toIso(deps.clock().getTime()),
    windowFrom: report.from,
    windowTo: report.to,
    watermark: report.watermark,
    counts: {
      windows: report.windows,
      events: report.events,
      serviceEvents: report.serviceEvents,
      firstSeenFindings: report.findings.firstSeen,
      ruleFindings: report.findings.rule,
      published: report.findings.published,
      learned: report.learned,
      athenaQueries: report.athena.queries,
      bytesScanned: report.athena.bytesScanned,
      candidatesTruncated: report.athena.candidatesTruncated,
      failed: report.outcome === RunOutcome.Failed ? 1 : 0,
      catchingUp: report.outcome === RunOutcome.CatchingUp || report.outcome === RunOutcome.OutOfTime ? 1 : 0,
      backfill: report.mode === 'backfill' ? 1 : 0,
    },
    learnedActions: learnedActions.slice(0, 500),
    detectorVersion: DETECTOR_VERSION,
  };
  try {
    await deps.bus.heartbeat(heartbeat);
  } catch (error) {
    deps.log.error('heartbeat not delivered (the monitor will report this agent as silent if it persists)', { error });
  }
}

/** The EMF document of a run (namespace `CtAnomaly/Agent`, dimension `AccountId`). */
export function metricsOf(report: AgentReport, at: Date): Record<string, unknown> {
  const outcome = report.outcome;
  return emfDocument({
    namespace: MetricNamespace.Agent,
    dimensions: { AccountId: report.accountId },
    metrics: {
      Findings: report.findings.firstSeen + report.findings.rule,
      FirstSeenFindings: report.findings.firstSeen,
      RuleFindings: report.findings.rule,
      Records: report.events,
      Windows: report.windows,
      Learned: report.learned,
      BytesScanned: { value: report.athena.bytesScanned, unit: 'Bytes' },
      Duration: { value: report.durationMs, unit: 'Milliseconds' },
      RunFailed: outcome === RunOutcome.Failed ? 1 : 0,
      CatchingUp: outcome === RunOutcome.CatchingUp || outcome === RunOutcome.OutOfTime ? 1 : 0,
    },
    at: at.getTime(),
    properties: { runId: report.runId, mode: report.mode, outcome },
  });
}
