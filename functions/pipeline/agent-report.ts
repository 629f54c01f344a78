/** What an agent run reports: the report type, the heartbeat built from it, and its metrics line. */
import { toIso } from '../engine/cloudtrail/index.js';
import { DETECTOR_VERSION } from '../engine/detect/index.js';
import { type FindingBus, type Heartbeat, RunErrorClass } from '../engine/findings/index.js';
import { AwsCallCounter, type AwsCallCounts } from '../adapters/aws/shared/index.js';
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

const ERROR_NAMES: Record<string, RunErrorClass> = {
  PublishError: RunErrorClass.Publish,
  AthenaTimeoutError: RunErrorClass.Athena,
  ConfigError: RunErrorClass.Config,
};

/**
 * The class of a run's failure, from the error (or its message, as the report keeps it): what the monitor
 * explains and the doctor checks. Athena's StateChangeReason says whether S3 or KMS refused the trail.
 */
export function classifyRunError(error: unknown): RunErrorClass {
  if (error === null || error === undefined) return RunErrorClass.Unknown;
  const name = error instanceof Error ? error.name : '';
  const text =
    error instanceof Error
      ? `${error.message} ${String((error.cause as Error | undefined)?.message ?? '')}`
      : String(error);
  const byName = ERROR_NAMES[name];
  if (byName) return byName;
  if (/could not be published|events:PutEvents|event bus/i.test(text)) return RunErrorClass.Publish;
  if (name === 'AthenaQueryError' || /^Athena query \S+ (FAILED|CANCELLED)/.test(text)) {
    if (/AWSKMS|kms:Decrypt|KMS key|ciphertext refers to a customer master key/i.test(text))
      return RunErrorClass.TrailKeyDenied;
    if (/Access ?Denied|Permission denied on S3 path|Status Code: 403/i.test(text))
      return RunErrorClass.TrailAccessDenied;
    return RunErrorClass.Athena;
  }
  if (/^Athena query \S+ still|athena:/i.test(text)) return RunErrorClass.Athena;
  if (/cannot read the config|config object|deployed config/i.test(text)) return RunErrorClass.Config;
  if (/dynamodb:|DynamoDB|ProvisionedThroughputExceeded|ResourceNotFoundException/i.test(text))
    return RunErrorClass.Baseline;
  return RunErrorClass.Unknown;
}

/** Minutes from `watermark` to `at`, or null without a watermark. */
function lagMinutes(watermark: string | null, at: number): number | null {
  if (watermark === null) return null;
  const ms = Date.parse(watermark);
  return Number.isNaN(ms) ? null : Math.max(0, Math.round((at - ms) / 60_000));
}

/** Sends the run's heartbeat; a failure is logged, never thrown (the monitor notices silence). */
export async function sendHeartbeat(
  deps: { bus: FindingBus; accountId: string; region: string | null; clock: () => Date; log: Logger },
  report: AgentReport,
  startedAt: string,
  learnedActions: string[],
): Promise<void> {
  const finished = deps.clock().getTime();
  const failed = report.outcome === RunOutcome.Failed;
  const heartbeat: Heartbeat = {
    schemaVersion: 1,
    accountId: deps.accountId,
    region: deps.region,
    runId: report.runId,
    startedAt,
    finishedAt: toIso(finished),
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
    outcome: report.outcome,
    mode: report.mode,
    errorClass: failed ? classifyRunError(report.error) : null,
    error: failed && report.error !== null ? report.error.slice(0, 500) : null,
    watermarkLagMinutes: lagMinutes(report.watermark, finished),
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

/** The bus with every heartbeat stamped with what the handler knows and the run does not (the agent's version). */
export function stampHeartbeats(bus: FindingBus, stamp: Pick<Heartbeat, 'agentVersion'>): FindingBus {
  return {
    publish: (findings) => bus.publish(findings),
    heartbeat: (heartbeat) => bus.heartbeat({ ...heartbeat, ...stamp }),
  };
}

/** What {@link reportFailedStart} needs: the heartbeat's and the metrics line's way out. */
export interface FailedStartDeps {
  bus: FindingBus;
  accountId: string;
  region: string | null;
  clock: () => Date;
  log: Logger;
  emit?: (line: string) => void;
}

/**
 * Reports a run that failed before it could start (its config unreadable, its invocation malformed): a
 * heartbeat and a metrics line, so the monitor sees a failing agent, with its reason, instead of silence.
 */
export async function reportFailedStart(deps: FailedStartDeps, runId: string, error: unknown): Promise<AgentReport> {
  const at = deps.clock();
  const empty = AwsCallCounter.empty();
  const report: AgentReport = {
    runId,
    accountId: deps.accountId,
    mode: 'scheduled',
    outcome: RunOutcome.Failed,
    from: null,
    to: null,
    watermark: null,
    resumeFrom: null,
    windows: 0,
    events: 0,
    serviceEvents: 0,
    findings: { firstSeen: 0, rule: 0, published: 0 },
    learned: 0,
    athena: { queries: 0, bytesScanned: 0, executionMs: 0, candidatesTruncated: 0 },
    calls: empty.calls,
    items: empty.items,
    durationMs: 0,
    error: error instanceof Error ? error.message : String(error),
  };
  await sendHeartbeat(deps, report, toIso(at.getTime()), []);
  (deps.emit ?? ((line: string) => process.stdout.write(`${line}\n`)))(JSON.stringify(metricsOf(report, at)));
  return report;
}
