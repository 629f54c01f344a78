/**
 * The run protocol of one account, the same in the agent and the local scan. A run follows delivery:
 * it reads what CloudTrail delivered since the checkpoint, cuts it into event-time windows and, window
 * by window: activity -> detect (claim new pairs; rules with their window state) -> publish -> commit.
 * The checkpoint moves to the run's delivery position only once every window was handed on, so a crash,
 * a skipped run or a late file loses nothing: the next run reads from the same position, and what it
 * reads again is idempotent (claims lapse, finding ids are deterministic, window rules remember what
 * they reported).
 * @module
 */
import type {
  ActivitySource,
  CandidateFilter,
  DeliveryRange,
  ThinRequest,
  ThinSample,
  Window,
} from '../activity/index.js';
import {
  type BaselineStore,
  type Checkpoint,
  Dimension,
  entryId,
  type PrincipalRecord,
  type WindowState,
} from '../baseline/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { ThinPlan } from '../rules/index.js';
import type { DetectionConfig } from '../config/index.js';
import type { Finding, FindingBus } from '../findings/index.js';
import { PublishError } from './errors.js';
import { type DimensionHooks, observeDimensions } from '../dimensions/index.js';
import { dimensionFinding } from './dimension-finding.js';
import { detectFirstSeen, prepareRows, settleImpliedPairs } from './first-seen.js';
import { firstSeenFinding } from './finding-of.js';
import { newPrincipalFinding, reportsNewPrincipal } from './new-principal.js';
import { pushTo } from '../collections.js';

/** How first-seen findings of one principal in one window get their severity, score and reasons. */
export type ScoreFirstSeen = (
  findings: Finding[],
  ctx: { principal: PrincipalRecord; knownValues: number; windowEnd: string },
) => Finding[];

/** The rules, as the run needs them: their prefilter, and one window's candidates prepared for judgement. */
export interface RuleHooks {
  filter: CandidateFilter;
  /** Present when window rules declare what they read: how a source may hand over fewer of their records. */
  thin?: RuleThinning;
  /** Observes a window's candidates once: the window-rule state keys to load, then the evaluation with them. */
  prepare(records: readonly CloudTrailRecord[]): {
    stateKeys: string[];
    evaluate(input: { accountId: string; window: Window; states: ReadonlyMap<string, WindowState> }): {
      findings: Finding[];
      states: WindowState[];
    };
  };
}

/** The thinnable window rules (engine/rules/window/thin.ts), as a source and the run need them. */
export interface RuleThinning {
  /** The record paths a combination is keyed on. */
  paths: readonly string[];
  /** The thinnable rules' prefilter. */
  filter: CandidateFilter;
  /** The state keys to load for an account's samples, then each combination's cut-off. */
  plan(samples: readonly ThinSample[]): ThinPlan;
}

/** What a run reads, decided from the checkpoint: a delivery range and the position to record when it is done. */
export interface RunRange {
  delivered: DeliveryRange;
  /** The checkpoint's delivery positions once the range is processed. */
  next: Record<string, string>;
  /** Learn the whole range silently (history: a backfill, a new agent's bootstrap). */
  learnOnly?: boolean;
  /** Window length of this range in minutes (history is learned in day-long windows); default the config's. */
  windowMinutes?: number;
  /** Kept in the checkpoint written after the range (a bootstrap in progress). */
  learnUntil?: string;
}

export interface RunAccountOptions {
  accountId: string;
  source: ActivitySource;
  baseline: BaselineStore;
  bus: FindingBus;
  config: DetectionConfig;
  /** Wall clock, ISO (claim leases). */
  now: string;
  runId: string;
  /** The range of this run from the checkpoint; null: nothing to read yet. */
  range(checkpoint: Checkpoint | undefined): RunRange | null;
  /** Asked before each window; false stops the run there (time budget): the checkpoint stays, the next run reads again. */
  shouldContinue?: () => boolean;
  learnOnly?: boolean;
  /**
   * Windows that end at or before this time are learned without findings (history before an incident);
   * from it on everything is reported whatever a principal's age (no learning period), and principals
   * never seen before are findings of their own.
   */
  reportFrom?: string;
  rules?: RuleHooks;
  score?: ScoreFirstSeen;
  /** The dimensions learned beyond actions (network, client, region, error family); none when absent. */
  dimensions?: DimensionHooks;
  /** Called after each window is committed (progress, summaries). */
  onWindow?: (result: WindowResult) => void;
  /** Claim lease in ms (default 15 minutes): after it, a crashed run's claims are void. */
  leaseMs?: number;
}

/** What one window produced. */
export interface WindowResult {
  window: Window;
  events: number;
  serviceEvents: number;
  findings: Finding[];
  learned: number;
  principals: number;
}

export interface RunResult {
  accountId: string;
  /** The delivery range read (null bounds: the whole of a local source). */
  delivered: DeliveryRange | null;
  /** False when the run stopped before its range was done (time budget, or pairs another live run holds). */
  caughtUp: boolean;
  windows: number;
  events: number;
  serviceEvents: number;
  findings: Finding[];
  learned: number;
  /** Actions (and networks, as `network#<value>`) newly in the baseline: what org prevalence counts. */
  learnedActions: string[];
  /** Latest event time processed (ISO), or the checkpoint's. */
  watermark: string | null;
  /** The checkpoint's delivery positions after the run. */
  position: Record<string, string>;
}

/** The org-prevalence key of a baseline value: the action itself, `network#<value>` for a network, null for the rest. */
export function prevalenceKeyOf(dimension: string, value: string): string | null {
  if (dimension === Dimension.Action) return value;
  return dimension === Dimension.Network ? `${Dimension.Network}#${value}` : null;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

/** Runs the protocol over the deliveries the range names for one account. */
export async function runAccount(o: RunAccountOptions): Promise<RunResult> {
  const { config } = o;
  const checkpoint = await o.baseline.getCheckpoint(o.accountId);
  const range = o.range(checkpoint);
  const result: RunResult = {
    accountId: o.accountId,
    delivered: range?.delivered ?? null,
    caughtUp: true,
    windows: 0,
    events: 0,
    serviceEvents: 0,
    findings: [],
    learned: 0,
    learnedActions: [],
    watermark: checkpoint?.watermark ?? null,
    position: checkpoint?.delivered ?? {},
  };
  if (range === null) return result;
  const windowMs = (range.windowMinutes ?? config.windowMinutes) * 60_000;
  const learned = new Set<string>();
  let stopped = false;
  let latest: string | null = null;
  // How much history the baseline holds: new principals are only news in an account known for a while.
  // A checkpoint from before this was kept (or a deployment's first one) starts it at this run's first window.
  let historySince = checkpoint?.since ?? null;
  // Sources that can thin the window rules' candidates ask for the cut-offs with the actors' remembered states.
  const thinning = o.rules?.thin;
  const thin: ThinRequest | null = thinning
    ? {
        paths: thinning.paths,
        filter: thinning.filter,
        cutoffs: async (samples) => {
          const plan = thinning.plan(samples);
          return plan.cutoffs(await o.baseline.getWindowStates(o.accountId, plan.stateKeys));
        },
      }
    : null;

  for await (const activity of o.source.windows({
    accountId: o.accountId,
    delivered: range.delivered,
    windowMs,
    candidates: o.rules?.filter ?? [],
    ...(thin ? { thin } : {}),
  })) {
    if (o.shouldContinue && !o.shouldContinue()) {
      stopped = true;
      break;
    }
    const quiet =
      (o.learnOnly ?? false) ||
      (range.learnOnly ?? false) ||
      (o.reportFrom !== undefined && activity.window.end <= o.reportFrom);
    historySince ??= activity.window.start;
    const { rows, serviceEvents } = prepareRows(activity.rows, config.includeServiceCalls);
    const principalKeys = [...new Set(rows.map((r) => r.principalKey))];
    const observations = o.dimensions ? observeDimensions(rows, o.dimensions) : [];
    const keys = [
      ...rows.map((r) => ({ principalKey: r.principalKey, dimension: Dimension.Action, value: r.action })),
      ...observations.map((x) => ({ principalKey: x.principalKey, dimension: x.dimension, value: x.value })),
    ];
    const [principals, entries] = await Promise.all([
      o.baseline.getPrincipals(o.accountId, principalKeys),
      o.baseline.getEntries(o.accountId, keys),
    ]);
    const detected = settleImpliedPairs(
      detectFirstSeen({
        window: activity.window,
        rows,
        principals,
        entries,
        observations,
        // Inside an incident window, a principal's own learning period does not hold back its news.
        config: o.reportFrom !== undefined && !quiet ? { ...config, learningDays: 0 } : config,
        now: o.now,
        runId: o.runId,
        learnOnly: quiet,
      }),
    );

    // Claim before publishing: two overlapping runs cannot both publish, and a lapsed claim is taken over.
    const leaseUntil = new Date(Date.parse(o.now) + (o.leaseMs ?? 15 * 60_000)).toISOString();
    const built = detected.newPairs.map((pair) => ({
      pair,
      finding:
        pair.observation !== null && o.dimensions
          ? dimensionFinding(pair.observation, activity.window, o.dimensions.resolveNetwork)
          : firstSeenFinding(pair.row, activity.window),
    }));
    const claim =
      built.length === 0
        ? { claimed: [], lost: [] }
        : await o.baseline.claim(
            o.accountId,
            built.map(({ pair, finding }) => ({
              ...pair.entry,
              claim: { runId: o.runId, leaseUntil, findingId: finding.id },
            })),
            o.now,
          );
    const claimedIds = new Set(claim.claimed.map(entryId));
    const mine = built.filter(({ pair }) => claimedIds.has(entryId(pair.entry)));

    const findings: Finding[] = [];
    const byPrincipal = new Map<string, typeof mine>();
    for (const item of mine) {
      const key = item.pair.principal.principalKey;
      pushTo(byPrincipal, key, item);
    }
    for (const group of byPrincipal.values()) {
      const principal = group[0]!.pair.principal;
      const raw = group.map((g) => g.finding);
      findings.push(
        ...(o.score
          ? o.score(raw, { principal, knownValues: principal.knownValues ?? 0, windowEnd: activity.window.end })
          : raw),
      );
    }
    if (!quiet) {
      const policy = {
        ...(o.reportFrom !== undefined ? { reportFrom: o.reportFrom } : {}),
        historySince,
        learningDays: config.learningDays,
      };
      for (const key of detected.newPrincipals) {
        const record = detected.principals.find((p) => p.principalKey === key);
        if (record && reportsNewPrincipal(record, policy)) {
          const own = rows.filter((r) => r.principalKey === key);
          if (own.length > 0) findings.push(newPrincipalFinding(record, own, activity.window));
        }
      }
    }
    let windowStates: WindowState[] = [];
    if (o.rules && activity.candidates.length > 0) {
      const prepared = o.rules.prepare(activity.candidates);
      const states = await o.baseline.getWindowStates(o.accountId, prepared.stateKeys);
      const judged = prepared.evaluate({ accountId: o.accountId, window: activity.window, states });
      // History before the reporting range still feeds the window rules' memory, silently.
      if (!quiet) findings.push(...judged.findings);
      windowStates = judged.states;
    }

    if (findings.length > 0) {
      const published = await o.bus.publish(findings);
      if (published.failed.length > 0) throw new PublishError(o.accountId, activity.window, published.failed);
    }

    await o.baseline.commit(o.accountId, {
      principals: detected.principals,
      entries: [...detected.learned, ...mine.map(({ pair }) => pair.entry), ...detected.refreshed],
      windowStates,
    });

    for (const e of [...detected.learned, ...mine.map(({ pair }) => pair.entry)]) {
      const key = prevalenceKeyOf(e.dimension, e.value);
      if (key !== null && learned.size < 500) learned.add(key);
    }
    const events = activity.rows.reduce((n, r) => n + r.count, 0);
    // `learned` counts (principal, action) pairs, as the summaries say; the other dimensions learn beside them.
    const learnedPairs = detected.learned.filter((e) => e.dimension === Dimension.Action).length;
    // A record stamped in the future is processed at now, but never drags the watermark there: the stores
    // purge what expired before the watermark, which would forget a whole baseline.
    for (const r of activity.rows) if (!r.futureCount) latest = later(latest, r.lastEventTime);
    result.windows++;
    result.events += events;
    result.serviceEvents += serviceEvents;
    result.learned += learnedPairs;
    result.findings.push(...findings);
    o.onWindow?.({
      window: activity.window,
      events,
      serviceEvents,
      findings,
      learned: learnedPairs,
      principals: principalKeys.length,
    });
    // Pairs another live run holds (seen at read time, or lost at claim time): that run may still crash,
    // so this run must not move the checkpoint past them; the next run reads the range again.
    if (detected.heldElsewhere > 0 || claim.lost.length > 0) stopped = true;
  }

  result.learnedActions = [...learned];
  result.watermark = later(checkpoint?.watermark ?? null, latest);
  if (stopped) {
    result.caughtUp = false;
    return result;
  }
  const next: Checkpoint = {
    accountId: o.accountId,
    delivered: range.next,
    watermark: result.watermark ?? new Date(0).toISOString(),
    updatedAt: o.now,
    runId: o.runId,
    ...(range.learnUntil ? { learnUntil: range.learnUntil } : {}),
    ...(historySince !== null ? { since: historySince } : {}),
  };
  await o.baseline.putCheckpoint(next);
  result.position = range.next;
  return result;
}
