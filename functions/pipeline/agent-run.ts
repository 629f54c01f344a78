/**
 * One agent run over the AWS adapters: the engine's run protocol (activity -> detect -> publish ->
 * commit -> checkpoint) within the time budget, then a heartbeat and one metrics line, whatever happened.
 * Shared by the Lambda handler and `ct-anomaly backfill`.
 * @module
 */
import type { ActivitySource } from '../engine/activity/index.js';
import { type BaselineStore, type Checkpoint, deliveredPosition } from '../engine/baseline/index.js';
import { toIso } from '../engine/cloudtrail/index.js';
import {
  PublishError,
  runAccount,
  type RuleHooks,
  type RunRange,
  type RunResult,
  type ScoreFirstSeen,
} from '../engine/detect/index.js';
import type { FindingBus } from '../engine/findings/index.js';
import type { AthenaSourceStats } from '../adapters/aws/athena/index.js';
import type { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { budgetedSource, TimeBudgetExhausted } from './budget.js';
import type { Config } from '../engine/config/index.js';
import { buildDetectors } from './detectors.js';
import type { Rule } from '../engine/rules/index.js';
import type { Logger } from './log.js';
import { metricsOf, RunOutcome, sendHeartbeat, type AgentReport } from './agent-report.js';

/** What an agent runs with: the deployment's config (delivered at run time) and its operational bounds. */
export interface AgentSettings {
  /** Detection settings, rules and scoring: the one config (`scan --config` takes the same file). */
  detection: Config;
  /** Bound on one run's range, in windows: an agent that was down for days catches up in chunks. */
  maxWindowsPerRun: number;
  /** Rules the config adds to the catalog (its compiled Sigma rules). */
  extraRules?: readonly Rule[];
}

/** What a run needs, wired by the handler (or a test). */
export interface AgentDeps {
  config: AgentSettings;
  accountId: string;
  region: string | null;
  source: ActivitySource & { stats?: AthenaSourceStats };
  baseline: BaselineStore;
  bus: FindingBus;
  counter: AwsCallCounter;
  log: Logger;
  clock: () => Date;
  /** Detectors other than the config's own (tests); default built from `config.detection`. */
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
  /** Learn what was delivered in (from, to] without findings, in day-long windows, whatever the checkpoint says. */
  backfill?: { from: string; to: string };
}

/** Delivery positions are minutes: the stamp CloudTrail writes in a file name. */
const minute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

/**
 * The delivery range of a scheduled run: from the checkpoint (a new agent starts one window back) to now
 * minus the delivery lag (a file is read once it has surely landed), at most `maxWindowsPerRun` windows of
 * deliveries at once (an agent that was down for days catches up in steps).
 */
export function scheduledRange(
  checkpoint: Checkpoint | undefined,
  nowMs: number,
  settings: { lagMinutes: number; windowMinutes: number; maxWindowsPerRun: number },
): (RunRange & { capped: boolean }) | null {
  const ready = minute(nowMs - settings.lagMinutes * 60_000);
  const position = deliveredPosition(checkpoint);
  const after = position === null ? ready - settings.windowMinutes * 60_000 : minute(Date.parse(position));
  const upTo = Math.min(ready, after + settings.maxWindowsPerRun * settings.windowMinutes * 60_000);
  if (upTo <= after) return null;
  return {
    delivered: { after: toIso(after), upTo: toIso(upTo) },
    next: { [AGENT_STREAM]: toIso(upTo) },
    capped: upTo < ready,
  };
}

/** A bootstrap learns this much of the history per step (one Athena query, day-long windows). */
const BOOTSTRAP_STEP_MS = 86_400_000;

/**
 * The range of a new agent's bootstrap step, or null when it is not bootstrapping: an agent without a
 * checkpoint learns the deliveries of the last `bootstrapDays` (up to now minus the lag) silently, a day
 * per step, with the end kept in the checkpoint (`learnUntil`) so that the steps resume across runs; the
 * first run after the end reports from there.
 */
export function bootstrapRange(
  checkpoint: Checkpoint | undefined,
  nowMs: number,
  settings: { lagMinutes: number; bootstrapDays: number },
): RunRange | null {
  let after: number;
  let until: number;
  if (checkpoint === undefined) {
    if (settings.bootstrapDays <= 0) return null;
    until = minute(nowMs - settings.lagMinutes * 60_000);
    after = until - settings.bootstrapDays * 86_400_000;
  } else {
    const position = deliveredPosition(checkpoint);
    if (!checkpoint.learnUntil || position === null || position >= checkpoint.learnUntil) return null;
    after = Date.parse(position);
    until = Date.parse(checkpoint.learnUntil);
  }
  const upTo = Math.min(until, after + BOOTSTRAP_STEP_MS);
  return {
    delivered: { after: toIso(after), upTo: toIso(upTo) },
    next: { [AGENT_STREAM]: toIso(upTo) },
    learnOnly: true,
    windowMinutes: 24 * 60,
    // the last step drops the mark: the next run reports
    ...(upTo < until ? { learnUntil: toIso(until) } : {}),
  };
}

/** The agent reads its whole trail as one delivery stream. */
export const AGENT_STREAM = '*';

export { RunOutcome, type AgentReport } from './agent-report.js';

/** Runs the agent once; rethrows run failures after the heartbeat and metrics were sent. */
export async function runAgent(deps: AgentDeps, request: AgentRequest): Promise<AgentReport> {
  const { config, accountId, log } = deps;
  const detectors = buildDetectors(config.detection, { extraRules: config.extraRules ?? [] });
  const rules = deps.rules ?? detectors.rules ?? undefined;
  const score = deps.score ?? detectors.score;
  const started = deps.clock();
  const now = toIso(started.getTime());
  const backfill = request.backfill;
  const windows = {
    count: 0,
    events: 0,
    serviceEvents: 0,
    firstSeen: 0,
    rule: 0,
    learned: 0,
    lastEnd: null as string | null,
  };
  const learnedActions = new Set<string>();
  const query = { timeoutMs: Math.max(60_000, request.remainingMs() - (request.reserveMs ?? 90_000)) };
  log.info('run started', { mode: backfill ? 'backfill' : 'scheduled', backfill, query });

  let result: RunResult | null = null;
  let mode = (backfill ? 'backfill' : 'scheduled') as AgentReport['mode'];
  let from: string | null = null;
  let outcome: RunOutcome = RunOutcome.Complete;
  let failure: unknown = null;
  let resumeFrom: string | null = null;
  const reserveMs = request.reserveMs ?? 90_000;
  try {
    const source = budgetedSource(deps.source, request.remainingMs, reserveMs);
    // One range, except for a new agent's bootstrap, which takes its day-long steps while time lasts.
    for (;;) {
      let range: (RunRange & { capped?: boolean }) | null = null;
      result = await runAccount({
        accountId,
        source,
        baseline: deps.baseline,
        bus: deps.bus,
        config: config.detection,
        now,
        runId: request.runId,
        range: (checkpoint) => {
          if (backfill) {
            const to = toIso(minute(Date.parse(backfill.to)));
            range = {
              delivered: { after: toIso(minute(Date.parse(backfill.from))), upTo: to },
              next: { [AGENT_STREAM]: to },
              learnOnly: true,
              windowMinutes: 24 * 60,
            };
            return range;
          }
          range = bootstrapRange(checkpoint, started.getTime(), config.detection);
          if (range) mode = 'bootstrap';
          else
            range = scheduledRange(checkpoint, started.getTime(), {
              ...config.detection,
              maxWindowsPerRun: config.maxWindowsPerRun,
            });
          return range;
        },
        rules: backfill ? undefined : rules,
        score,
        ...(detectors.dimensions ? { dimensions: detectors.dimensions } : {}),
        onWindow: (w) => {
          windows.count += 1;
          windows.events += w.events;
          windows.serviceEvents += w.serviceEvents;
          windows.learned += w.learned;
          windows.firstSeen += w.findings.filter((f) => f.kind === 'first-seen').length;
          windows.rule += w.findings.filter((f) => f.kind === 'rule').length;
          windows.lastEnd = w.window.end;
          log.debug('window done', {
            window: w.window,
            events: w.events,
            findings: w.findings.length,
            learned: w.learned,
          });
        },
      });
      from ??= result.delivered?.after ?? null;
      for (const action of result.learnedActions) learnedActions.add(action);
      const step = range as (RunRange & { capped?: boolean }) | null;
      const moreToLearn = mode === 'bootstrap' && step?.learnUntil !== undefined;
      if (!result.caughtUp || step?.capped === true || (moreToLearn && request.remainingMs() < 3 * reserveMs)) {
        // Cut by maxWindowsPerRun or by the time left between bootstrap steps, or stopped at a window whose
        // pairs another run still claims (the checkpoint stays before them until the claim is confirmed or
        // lapses): the next run resumes from the position.
        outcome = RunOutcome.CatchingUp;
        resumeFrom = deliveredPosition({ delivered: result.position });
        break;
      }
      if (!moreToLearn) break;
    }
  } catch (error) {
    if (error instanceof TimeBudgetExhausted) {
      outcome = RunOutcome.OutOfTime;
      // The checkpoint did not move: the next run reads the same deliveries again (what was done is idempotent).
      resumeFrom = deliveredPosition(await deps.baseline.getCheckpoint(accountId).catch(() => undefined));
      log.warn('stopped for the time budget; the next run resumes', {
        nextWindow: error.nextWindow,
        remainingMs: error.remainingMs,
      });
    } else {
      outcome = RunOutcome.Failed;
      failure = error;
      log.error(
        error instanceof PublishError
          ? 'findings not published; nothing committed for their window, the next run retries'
          : 'run failed',
        { error },
      );
    }
  }

  const counts = deps.counter.snapshot();
  const athena = deps.source.stats;
  const report: AgentReport = {
    runId: request.runId,
    accountId,
    mode,
    outcome,
    from: from ?? result?.delivered?.after ?? null,
    to: result?.delivered?.upTo ?? null,
    watermark: result?.watermark ?? windows.lastEnd,
    resumeFrom,
    windows: windows.count,
    events: windows.events,
    serviceEvents: windows.serviceEvents,
    findings: { firstSeen: windows.firstSeen, rule: windows.rule, published: counts.events.published },
    learned: windows.learned,
    athena: {
      queries: counts.athena.queries,
      bytesScanned: counts.athena.bytesScanned,
      executionMs: counts.athena.executionMs,
      candidatesTruncated: athena?.candidatesTruncated ?? 0,
    },
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
