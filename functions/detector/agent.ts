/**
 * One agent run over the AWS adapters: the engine's run protocol (activity -> detect -> publish ->
 * commit -> checkpoint) within the time budget, then a heartbeat and one metrics line, whatever happened.
 * Shared by the Lambda handler and `ct-anomaly backfill`.
 * @module
 */
import type { ActivitySource } from '../engine/activity/index.js';
import type { BaselineStore } from '../engine/baseline/index.js';
import { toIso } from '../engine/cloudtrail/index.js';
import { DETECTOR_VERSION, PublishError, runAccount, type RuleHooks, type RunResult, type ScoreFirstSeen } from '../engine/detect/index.js';
import type { FindingBus, Heartbeat } from '../engine/findings/index.js';
import type { AthenaSourceStats } from '../adapters/aws/athena/index.js';
import type { AwsCallCounter, AwsCallCounts } from '../adapters/aws/shared/index.js';
import { budgetedSource, TimeBudgetExhausted } from './budget.js';
import type { DetectorConfig } from './config.js';
import { ignoringCheckpoint } from './learn-store.js';
import type { Logger } from './log.js';
import { emfDocument } from './metrics.js';

/** What a run needs, wired by the handler (or a test). */
export interface AgentDeps {
  config: DetectorConfig;
  accountId: string;
  region: string | null;
  source: ActivitySource & { stats?: AthenaSourceStats };
  baseline: BaselineStore;
  bus: FindingBus;
  counter: AwsCallCounter;
  log: Logger;
  clock: () => Date;
  rules?: RuleHooks;
  score?: ScoreFirstSeen;
  /** Where the metrics line goes (default: stdout, where CloudWatch picks up EMF). */
  emit?: (line: string) => void;
}

/** One invocation's request. */
export interface AgentRequest {
  runId: string;
  remainingMs: () => number;
  /** Stop starting windows with less than this left (default 90 s). */
  reserveMs?: number;
  /** Learn [from, to) without findings, in day-long windows, whatever the checkpoint says. */
  backfill?: { from: string; to: string };
}

export const RunOutcome = { Complete: 'complete', CatchingUp: 'catching-up', OutOfTime: 'out-of-time', Failed: 'failed' } as const;
export type RunOutcome = (typeof RunOutcome)[keyof typeof RunOutcome];

/** What a run did: returned by the handler, logged, and summarised in the heartbeat. */
export interface AgentReport {
  runId: string;
  accountId: string;
  mode: 'scheduled' | 'backfill';
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
  /** DynamoDB items read and written (for capacity and cost). */
  items: AwsCallCounts['items'];
  durationMs: number;
  error: string | null;
}

/** Runs the agent once; rethrows run failures after the heartbeat and metrics were sent. */
export async function runAgent(deps: AgentDeps, request: AgentRequest): Promise<AgentReport> {
  const { config, accountId, log } = deps;
  const started = deps.clock();
  const now = toIso(started.getTime());
  const backfill = request.backfill;
  const windows = { count: 0, events: 0, serviceEvents: 0, firstSeen: 0, rule: 0, learned: 0, lastEnd: null as string | null };
  const learnedActions = new Set<string>();
  const query = { timeoutMs: Math.max(60_000, request.remainingMs() - (request.reserveMs ?? 90_000)) };
  log.info('run started', { mode: backfill ? 'backfill' : 'scheduled', backfill, query });

  let result: RunResult | null = null;
  let outcome: RunOutcome = RunOutcome.Complete;
  let failure: unknown = null;
  let resumeFrom: string | null = null;
  try {
    result = await runAccount({
      accountId,
      source: budgetedSource(deps.source, request.remainingMs, request.reserveMs ?? 90_000),
      baseline: backfill ? ignoringCheckpoint(deps.baseline, backfill.to) : deps.baseline,
      bus: deps.bus,
      config: backfill ? { ...config.detection, windowMinutes: 24 * 60 } : config.detection,
      now,
      runId: request.runId,
      until: backfill?.to ?? toIso(started.getTime() - config.detection.lagMinutes * 60_000),
      initialFrom: backfill?.from,
      maxWindows: backfill ? undefined : config.maxWindowsPerRun,
      learnOnly: backfill !== undefined,
      rules: backfill ? undefined : deps.rules,
      score: deps.score,
      onWindow: (w) => {
        windows.count += 1;
        windows.events += w.events;
        windows.serviceEvents += w.serviceEvents;
        windows.learned += w.learned;
        windows.firstSeen += w.findings.filter((f) => f.kind === 'first-seen').length;
        windows.rule += w.findings.filter((f) => f.kind === 'rule').length;
        windows.lastEnd = w.window.end;
        log.debug('window done', { window: w.window, events: w.events, findings: w.findings.length, learned: w.learned });
      },
    });
    for (const action of result.learnedActions) learnedActions.add(action);
    if (!result.caughtUp) {
      outcome = RunOutcome.CatchingUp;
      resumeFrom = result.to;
    }
  } catch (error) {
    if (error instanceof TimeBudgetExhausted) {
      outcome = RunOutcome.OutOfTime;
      resumeFrom = error.nextWindow;
      log.warn('stopped for the time budget; the next run resumes', { nextWindow: error.nextWindow, remainingMs: error.remainingMs });
    } else {
      outcome = RunOutcome.Failed;
      failure = error;
      log.error(error instanceof PublishError ? 'findings not published; nothing committed for their window, the next run retries' : 'run failed', { error });
    }
  }

  const counts = deps.counter.snapshot();
  const athena = deps.source.stats;
  const report: AgentReport = {
    runId: request.runId,
    accountId,
    mode: backfill ? 'backfill' : 'scheduled',
    outcome,
    from: result?.from ?? null,
    to: result?.to ?? null,
    watermark: result?.watermark ?? windows.lastEnd,
    resumeFrom,
    windows: windows.count,
    events: windows.events,
    serviceEvents: windows.serviceEvents,
    findings: { firstSeen: windows.firstSeen, rule: windows.rule, published: counts.events.published },
    learned: windows.learned,
    athena: { queries: counts.athena.queries, bytesScanned: counts.athena.bytesScanned, executionMs: counts.athena.executionMs, candidatesTruncated: athena?.candidatesTruncated ?? 0 },
    calls: counts.calls,
    items: counts.items,
    durationMs: deps.clock().getTime() - started.getTime(),
    error: failure === null ? null : failure instanceof Error ? failure.message : String(failure),
  };
  await sendHeartbeat(deps, report, now, [...learnedActions]);
  (deps.emit ?? ((line: string) => process.stdout.write(`${line}\n`)))(JSON.stringify(metricsOf(report, deps.clock())));
  log.info('run finished', { report });
  if (failure !== null) throw failure;
  return report;
}

async function sendHeartbeat(deps: AgentDeps, report: AgentReport, startedAt: string, learnedActions: string[]): Promise<void> {
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

function metricsOf(report: AgentReport, at: Date): Record<string, unknown> {
  return emfDocument(
    report.accountId,
    {
      Findings: { value: report.findings.firstSeen + report.findings.rule, unit: 'Count' },
      FirstSeenFindings: { value: report.findings.firstSeen, unit: 'Count' },
      RuleFindings: { value: report.findings.rule, unit: 'Count' },
      Records: { value: report.events, unit: 'Count' },
      Windows: { value: report.windows, unit: 'Count' },
      Learned: { value: report.learned, unit: 'Count' },
      BytesScanned: { value: report.athena.bytesScanned, unit: 'Bytes' },
      Duration: { value: report.durationMs, unit: 'Milliseconds' },
      RunFailed: { value: report.outcome === RunOutcome.Failed ? 1 : 0, unit: 'Count' },
      CatchingUp: { value: report.outcome === RunOutcome.CatchingUp || report.outcome === RunOutcome.OutOfTime ? 1 : 0, unit: 'Count' },
    },
    at,
    { runId: report.runId, mode: report.mode, outcome: report.outcome },
  );
}
