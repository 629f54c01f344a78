/**
 * The health of agents that do report: failing runs in a row, a watermark that stopped moving, and a
 * version other than the one the rollout deploys. Each is an alert, once per episode.
 * @module
 */
import { fingerprint, type Alert } from '../findings/index.js';
import { healthAlert } from './health.js';
import { runErrorHelp } from './run-errors.js';
import type { HeartbeatRecord } from './state.js';
import { span } from './text.js';

/** Thresholds of the agent checks (the monitor's settings). */
export interface AgentHealthOptions {
  /** Alert when an agent failed this many runs in a row (default 3). */
  failedRunsInARow?: number;
  /** Alert when an agent's watermark is older than this many minutes (default 6 agent intervals, at least 6 h). */
  staleWatermarkMinutes?: number;
  /** The agent version the rollout deploys; absent: no version check. */
  expectedVersion?: string | null;
  /**
   * Minutes the rollout gets, from the first agent reporting the expected version, before an agent on
   * another version is outdated (default 1 day).
   */
  rolloutGraceMinutes?: number;
}

/** One agent as the checks see it. */
export interface AgentView {
  accountId: string;
  name: string;
  region: string | null;
  /** How titles name it: `111122223333 (payments)`, with the region where agents run in several. */
  label: string;
  record: HeartbeatRecord;
}

/** What the checks found, per agent. */
export interface AgentHealth {
  failing: Array<{
    accountId: string;
    region: string | null;
    failedInARow: number;
    errorClass: string;
    error: string | null;
    lastOkAt: string | null;
  }>;
  stale: Array<{ accountId: string; region: string | null; watermark: string; lag: string }>;
  outdated: Array<{ accountId: string; region: string | null; version: string }>;
  alerts: Alert[];
}

const key = (a: AgentView) => `${a.accountId}#${a.region ?? ''}`;

/** When the rollout of `expected` began: the first time any agent reported it. */
function rolloutStart(agents: readonly AgentView[], expected: string): number | null {
  const starts = agents
    .filter((a) => a.record.heartbeat.agentVersion === expected)
    .map((a) => Date.parse(a.record.versionSince ?? a.record.receivedAt));
  return starts.length > 0 ? Math.min(...starts) : null;
}

/** Checks live agents (the caller leaves silent ones out: silence is its own alert). */
export function assessAgents(
  agents: readonly AgentView[],
  now: string,
  intervalMinutes: number,
  o: AgentHealthOptions = {},
): AgentHealth {
  const nowMs = Date.parse(now);
  const failedRuns = o.failedRunsInARow ?? 3;
  const staleMs = (o.staleWatermarkMinutes ?? Math.max(360, 6 * intervalMinutes)) * 60_000;
  const out: AgentHealth = { failing: [], stale: [], outdated: [], alerts: [] };
  const expected = o.expectedVersion ?? null;
  const since = expected ? rolloutStart(agents, expected) : null;
  const graceOver = since !== null && nowMs - since > (o.rolloutGraceMinutes ?? 1440) * 60_000;

  for (const a of [...agents].sort((x, y) => key(x).localeCompare(key(y)))) {
    const { record } = a;
    const hb = record.heartbeat;
    const streak = record.failedInARow ?? (hb.outcome === 'failed' || (hb.counts.failed ?? 0) > 0 ? 1 : 0);
    if (streak >= failedRuns) {
      const errorClass = hb.errorClass ?? 'unknown';
      const help = runErrorHelp(errorClass);
      const lastOkAt = record.lastOkAt ?? null;
      out.failing.push({
        accountId: a.accountId,
        region: a.region,
        failedInARow: streak,
        errorClass,
        error: hb.error ?? null,
        lastOkAt,
      });
      out.alerts.push(
        healthAlert({
          id: fingerprint('alert', 'health', 'failing', key(a), lastOkAt ?? 'never'),
          title: `Agent failing in ${a.label}: ${streak} runs in a row, ${errorClass}`,
          severity: 'high',
          score: 70,
          reasons: [
            `The agent in ${a.label} reports, but its last ${streak} runs failed (${lastOkAt ? `last good run ${span(lastOkAt, now)} ago, at ${lastOkAt}` : 'no good run on record'}): nothing this account does is being checked.`,
            `Cause: ${help.cause}${hb.error ? ` ("${hb.error.slice(0, 300)}")` : ''}.`,
            `Fix: ${help.fix}. Nothing is lost: the agent resumes from its checkpoint once it can run.`,
          ],
          accounts: [a.accountId],
          values: [a.name, errorClass],
          firstEventTime: lastOkAt ?? record.receivedAt,
          lastEventTime: now,
          now,
        }),
      );
      continue;
    }
    const watermark = record.watermark ?? hb.watermark;
    // A new agent bootstrapping (or a backfill) walks through history: its watermark is old by design.
    const learning = hb.mode === 'bootstrap' || hb.mode === 'backfill';
    if (watermark && !learning && nowMs - Date.parse(watermark) > staleMs) {
      const lag = span(watermark, now);
      out.stale.push({ accountId: a.accountId, region: a.region, watermark, lag });
      out.alerts.push(
        healthAlert({
          id: fingerprint('alert', 'health', 'stale', key(a), watermark),
          title: `Agent in ${a.label} is ${lag} behind`,
          severity: nowMs - Date.parse(watermark) > 86_400_000 ? 'high' : 'medium',
          score: nowMs - Date.parse(watermark) > 86_400_000 ? 65 : 50,
          reasons: [
            `The agent in ${a.label} runs, but has processed CloudTrail only up to ${watermark} (${lag} ago): what happened since is not checked yet.`,
            `Its last run: ${hb.outcome ?? 'unknown outcome'}, ${hb.counts.windows ?? 0} windows, ${hb.counts.events ?? 0} events. A run that keeps stopping for its time budget or catching up means the schedule cannot keep pace: raise the detector timeout or memory, or lower maxWindowsPerRun; an empty trail prefix means no CloudTrail arrives for this account (check the organization trail).`,
          ],
          accounts: [a.accountId],
          values: [a.name],
          firstEventTime: watermark,
          lastEventTime: now,
          now,
        }),
      );
    }
    const version = hb.agentVersion ?? 'unknown (an agent older than versioned bundles)';
    if (expected && graceOver && hb.agentVersion !== expected) {
      out.outdated.push({ accountId: a.accountId, region: a.region, version });
      out.alerts.push(
        healthAlert({
          id: fingerprint('alert', 'health', 'outdated', key(a), expected),
          title: `Agent in ${a.label} still runs ${version.split(' ')[0]}, not ${expected}`,
          severity: 'medium',
          score: 45,
          reasons: [
            `The rollout of agent version ${expected} began ${span(new Date(since!).toISOString(), now)} ago, but the agent in ${a.label} still reports version ${version}.`,
            'Its StackSet instance did not update: look at the StackSet operations (CloudFormation > StackSets > Operations) for this account, or whether the stack was changed by hand (drift).',
          ],
          accounts: [a.accountId],
          values: [a.name, version],
          firstEventTime: new Date(since!).toISOString(),
          lastEventTime: now,
          now,
        }),
      );
    }
  }
  return out;
}
