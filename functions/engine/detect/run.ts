/**
 * The run protocol of one account, the same in the agent and the local scan:
 * activity -> detect (claim new pairs) -> publish -> commit baseline -> advance checkpoint.
 * A crash at any step followed by a rerun publishes every finding at least once: claims lapse, the
 * checkpoint only moves after its window's findings were handed on, and finding ids are deterministic.
 * @module
 */
import type { ActivitySource, CandidateFilter, Window } from '../activity/index.js';
import { Dimension, entryId, type BaselineStore, type PrincipalRecord } from '../baseline/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { toIso } from '../cloudtrail/index.js';
import type { DetectionConfig } from '../config/index.js';
import type { Finding, FindingBus } from '../findings/index.js';
import { detectFirstSeen, prepareRows } from './first-seen.js';
import { firstSeenFinding } from './finding-of.js';
import { PublishError } from './errors.js';

/** How first-seen findings of one principal in one window get their severity, score and reasons. */
export type ScoreFirstSeen = (
  findings: Finding[],
  ctx: { principal: PrincipalRecord; knownValues: number; windowEnd: string },
) => Finding[];

/** The rules, as the run needs them: their prefilter and an evaluator over one window's candidates. */
export interface RuleHooks {
  filter: CandidateFilter;
  evaluate(input: { accountId: string; window: Window; records: readonly CloudTrailRecord[] }): Finding[];
}

export interface RunAccountOptions {
  accountId: string;
  source: ActivitySource;
  baseline: BaselineStore;
  bus: FindingBus;
  config: DetectionConfig;
  /** Wall clock, ISO. */
  now: string;
  runId: string;
  /** End of the range (exclusive): `now - lag` in the agent, the last event of an export locally. */
  until: string;
  /** Start when the account has no checkpoint (default: one window before `until`). */
  initialFrom?: string;
  /** Start here whatever the checkpoint says (a backfill over a chosen range). */
  from?: string;
  /** Asked before each window; false stops the run there (time budget), to resume next run. */
  shouldContinue?: () => boolean;
  /** Bound on the range, in windows: a run that was down for days catches up in chunks. */
  maxWindows?: number;
  learnOnly?: boolean;
  rules?: RuleHooks;
  score?: ScoreFirstSeen;
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
  from: string;
  to: string;
  /** False when the range was cut by `maxWindows`: the next run continues. */
  caughtUp: boolean;
  windows: number;
  events: number;
  serviceEvents: number;
  findings: Finding[];
  learned: number;
  learnedActions: string[];
  watermark: string;
}

/** Runs the protocol over [checkpoint - lag, until) for one account. */
export async function runAccount(o: RunAccountOptions): Promise<RunResult> {
  const { config } = o;
  const windowMs = config.windowMinutes * 60_000;
  const lagMs = config.lagMinutes * 60_000;
  const untilMs = Date.parse(o.until);
  const checkpoint = await o.baseline.getCheckpoint(o.accountId);
  const fromMs =
    o.from !== undefined
      ? Date.parse(o.from)
      : checkpoint
        ? Date.parse(checkpoint.watermark) - lagMs
        : Date.parse(o.initialFrom ?? toIso(untilMs - windowMs));
  const bound =
    o.maxWindows === undefined ? untilMs : Math.floor(fromMs / windowMs) * windowMs + o.maxWindows * windowMs;
  const toMs = Math.min(untilMs, Math.max(bound, fromMs + 1));
  const result: RunResult = {
    accountId: o.accountId,
    from: toIso(fromMs),
    to: toIso(toMs),
    caughtUp: toMs >= untilMs,
    windows: 0,
    events: 0,
    serviceEvents: 0,
    findings: [],
    learned: 0,
    learnedActions: [],
    watermark: checkpoint?.watermark ?? toIso(fromMs),
  };
  if (toMs <= fromMs) return result;
  const learned = new Set<string>();
  let stopped = false;

  for await (const activity of o.source.windows({
    accountId: o.accountId,
    from: toIso(fromMs),
    to: toIso(toMs),
    windowMs,
    candidates: o.rules?.filter ?? [],
  })) {
    if (o.shouldContinue && !o.shouldContinue()) {
      stopped = true;
      break;
    }
    const { rows, serviceEvents } = prepareRows(activity.rows, config.includeServiceCalls);
    const principalKeys = [...new Set(rows.map((r) => r.principalKey))];
    const keys = rows.map((r) => ({ principalKey: r.principalKey, dimension: Dimension.Action, value: r.action }));
    const [principals, entries] = await Promise.all([
      o.baseline.getPrincipals(o.accountId, principalKeys),
      o.baseline.getEntries(o.accountId, keys),
    ]);
    const detected = detectFirstSeen({
      window: activity.window,
      rows,
      principals,
      entries,
      config,
      now: o.now,
      runId: o.runId,
      learnOnly: o.learnOnly ?? false,
    });

    // Claim before publishing: two overlapping runs cannot both publish, and a lapsed claim is taken over.
    const leaseUntil = toIso(Date.parse(o.now) + (o.leaseMs ?? 15 * 60_000));
    const built = detected.newPairs.map((pair) => ({ pair, finding: firstSeenFinding(pair.row, activity.window) }));
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
    for (const item of mine)
      byPrincipal.set(item.pair.principal.principalKey, [
        ...(byPrincipal.get(item.pair.principal.principalKey) ?? []),
        item,
      ]);
    for (const group of byPrincipal.values()) {
      const principal = group[0]!.pair.principal;
      const raw = group.map((g) => g.finding);
      findings.push(
        ...(o.score
          ? o.score(raw, { principal, knownValues: principal.knownValues ?? 0, windowEnd: activity.window.end })
          : raw),
      );
    }
    if (!(o.learnOnly ?? false) && o.rules && activity.candidates.length > 0) {
      findings.push(
        ...o.rules.evaluate({ accountId: o.accountId, window: activity.window, records: activity.candidates }),
      );
    }

    if (findings.length > 0) {
      const published = await o.bus.publish(findings);
      if (published.failed.length > 0) throw new PublishError(o.accountId, activity.window, published.failed);
    }

    await o.baseline.commit(o.accountId, {
      principals: detected.principals,
      entries: [...detected.learned, ...mine.map(({ pair }) => pair.entry), ...detected.refreshed],
    });
    // Pairs another live run holds (seen at read time, or lost at claim time): that run may still crash,
    // so the checkpoint must not pass them; the next run re-reads the window and takes lapsed claims over.
    const held = detected.heldElsewhere > 0 || claim.lost.length > 0;
    const watermark = held
      ? activity.window.start
      : activity.window.end < toIso(toMs)
        ? activity.window.end
        : toIso(toMs);
    await o.baseline.putCheckpoint({ accountId: o.accountId, watermark, updatedAt: o.now, runId: o.runId });

    for (const e of [...detected.learned, ...mine.map(({ pair }) => pair.entry)])
      if (learned.size < 500) learned.add(e.value);
    const events = activity.rows.reduce((n, r) => n + r.count, 0);
    result.windows++;
    result.events += events;
    result.serviceEvents += serviceEvents;
    result.learned += detected.learned.length;
    result.findings.push(...findings);
    result.watermark = watermark;
    o.onWindow?.({
      window: activity.window,
      events,
      serviceEvents,
      findings,
      learned: detected.learned.length,
      principals: principalKeys.length,
    });
    if (held) {
      stopped = true;
      break;
    }
  }

  result.learnedActions = [...learned];
  if (stopped) {
    result.caughtUp = false;
    return result;
  }
  // Quiet stretches advance too: the whole range was read.
  await o.baseline.putCheckpoint({ accountId: o.accountId, watermark: toIso(toMs), updatedAt: o.now, runId: o.runId });
  result.watermark = toIso(toMs);
  return result;
}
