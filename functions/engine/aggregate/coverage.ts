/**
 * Coverage: the organization's active accounts against the agents' heartbeats. An agent silent for
 * more than two intervals, an account (or agent region) without any agent, and a live agent that fails,
 * lags or runs an old version are each an alert; coverage counts only accounts whose agents are healthy.
 * @module
 */
import { fingerprint, type Alert } from '../findings/index.js';
import { type AgentHealth, type AgentHealthOptions, type AgentView, assessAgents } from './agent-health.js';
import { healthAlert } from './health.js';
import type { HeartbeatRecord } from './state.js';
import { span } from './text.js';
import { pushTo } from '../collections.js';

/** An ACTIVE account of the organization. */
export interface OrgAccount {
  id: string;
  name: string;
  /** When it joined the organization (ISO), when known. */
  joinedAt: string | null;
}

export interface CoverageOptions {
  accounts: readonly OrgAccount[];
  heartbeats: readonly HeartbeatRecord[];
  now: string;
  /** The agents' schedule in minutes. */
  intervalMinutes: number;
  /** Minutes a newly joined account gets before a missing agent is reported (StackSet rollout). Default: 2 intervals + 60. */
  graceMinutes?: number;
  /** Accounts deliberately without an agent. */
  exempt?: readonly string[];
  /** Regions every account runs an agent in; absent: one agent in any region covers an account. */
  agentRegions?: readonly string[];
  /** Checks of the agents that report: failing runs, stale watermarks, version skew. */
  health?: AgentHealthOptions;
}

/** The coverage summary the monitor publishes every run. */
export interface CoverageSummary {
  schemaVersion: 1;
  generatedAt: string;
  intervalMinutes: number;
  accounts: number;
  /** Accounts whose every expected agent reports. */
  reporting: number;
  /** Reporting accounts none of whose agents fails or lags. */
  healthy: number;
  /** Share of watched (non-exempt) accounts that are healthy, 0-1. */
  coverage: number;
  silent: Array<{ accountId: string; name: string; region: string | null; lastHeartbeat: string; silentFor: string }>;
  /** Accounts without any agent, or (`region` set) without the agent of one of `agentRegions`. */
  missing: Array<{ accountId: string; name: string; joinedAt: string | null; region?: string }>;
  failing: AgentHealth['failing'];
  stale: AgentHealth['stale'];
  outdated: AgentHealth['outdated'];
  /** Agents per reported version (`unknown` for agents older than versioned bundles). */
  versions: Record<string, number>;
  /** Missing accounts past their grace period (each has an alert). */
  uncovered: number;
  /** Heartbeats from accounts that are not ACTIVE members (left, suspended, or foreign). */
  outside: Array<{ accountId: string; lastHeartbeat: string }>;
  exempt: string[];
}

/** What the monitor should say this run. */
export interface CoverageReport {
  summary: CoverageSummary;
  alerts: Alert[];
}

/** The latest record per agent (account, region): records written before regions were keyed may repeat one. */
export function latestPerAgent(heartbeats: readonly HeartbeatRecord[]): Map<string, HeartbeatRecord[]> {
  const latest = new Map<string, HeartbeatRecord>();
  for (const h of heartbeats) {
    const k = `${h.accountId}#${h.heartbeat.region ?? ''}`;
    const prior = latest.get(k);
    if (!prior || prior.receivedAt < h.receivedAt) latest.set(k, h);
  }
  const byAccount = new Map<string, HeartbeatRecord[]>();
  for (const h of latest.values()) pushTo(byAccount, h.accountId, h);
  return byAccount;
}

/** Compares accounts with heartbeats. Alert ids are stable per episode, so each is sent once. */
export function assessCoverage(opts: CoverageOptions): CoverageReport {
  const { now, intervalMinutes } = opts;
  const nowMs = Date.parse(now);
  const silentAfter = 2 * intervalMinutes * 60_000;
  const grace = (opts.graceMinutes ?? 2 * intervalMinutes + 60) * 60_000;
  const exempt = new Set(opts.exempt ?? []);
  // Records from a region no agent runs in any more (a region removed from the rollout) are left out.
  const known = opts.agentRegions && opts.agentRegions.length > 0 ? new Set(opts.agentRegions) : null;
  const regions = opts.agentRegions && opts.agentRegions.length > 1 ? [...opts.agentRegions] : null;
  const beats = latestPerAgent(opts.heartbeats);
  const summary: CoverageSummary = {
    schemaVersion: 1,
    generatedAt: now,
    intervalMinutes,
    accounts: opts.accounts.length,
    reporting: 0,
    healthy: 0,
    coverage: 0,
    silent: [],
    missing: [],
    failing: [],
    stale: [],
    outdated: [],
    versions: {},
    uncovered: 0,
    outside: [],
    exempt: [...exempt].sort(),
  };
  const alerts: Alert[] = [];
  const live: AgentView[] = [];
  const reportingAccounts = new Set<string>();
  for (const account of [...opts.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (exempt.has(account.id)) continue;
    const records = (beats.get(account.id) ?? []).filter(
      (r) => known === null || r.heartbeat.region === null || known.has(r.heartbeat.region),
    );
    const joinedLongAgo = account.joinedAt === null || nowMs - Date.parse(account.joinedAt) >= grace;
    if (records.length === 0) {
      summary.missing.push({ accountId: account.id, name: account.name, joinedAt: account.joinedAt });
      if (!joinedLongAgo) continue;
      summary.uncovered++;
      alerts.push(noAgentAlert(account, null, now));
      continue;
    }
    let allLive = true;
    for (const beat of records) {
      const region = beat.heartbeat.region ?? null;
      const version = beat.heartbeat.agentVersion ?? 'unknown';
      summary.versions[version] = (summary.versions[version] ?? 0) + 1;
      if (nowMs - Date.parse(beat.receivedAt) <= silentAfter) {
        const label = `${account.id} (${account.name}${regions && region ? `, ${region}` : ''})`;
        live.push({ accountId: account.id, name: account.name, region, label, record: beat });
        continue;
      }
      allLive = false;
      const silentFor = span(beat.receivedAt, now);
      summary.silent.push({
        accountId: account.id,
        name: account.name,
        region,
        lastHeartbeat: beat.receivedAt,
        silentFor,
      });
      alerts.push(silentAlert(account, beat, regions ? region : null, intervalMinutes, now));
    }
    for (const region of regions ?? []) {
      if (records.some((r) => r.heartbeat.region === region)) continue;
      allLive = false;
      summary.missing.push({ accountId: account.id, name: account.name, joinedAt: account.joinedAt, region });
      if (!joinedLongAgo) continue;
      summary.uncovered++;
      alerts.push(noAgentAlert(account, region, now));
    }
    if (allLive) reportingAccounts.add(account.id);
  }
  const health = assessAgents(live, now, intervalMinutes, opts.health);
  summary.failing = health.failing;
  summary.stale = health.stale;
  summary.outdated = health.outdated;
  alerts.push(...health.alerts);
  const unhealthy = new Set([...health.failing, ...health.stale].map((a) => a.accountId));
  summary.reporting = reportingAccounts.size;
  summary.healthy = [...reportingAccounts].filter((id) => !unhealthy.has(id)).length;

  const members = new Set(opts.accounts.map((a) => a.id));
  for (const records of beats.values())
    for (const h of records)
      if (!members.has(h.accountId)) summary.outside.push({ accountId: h.accountId, lastHeartbeat: h.receivedAt });
  summary.outside.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const watched = opts.accounts.length - opts.accounts.filter((a) => exempt.has(a.id)).length;
  summary.coverage = watched === 0 ? 1 : Math.round((summary.healthy / watched) * 1000) / 1000;
  return { summary, alerts };
}

function silentAlert(
  account: OrgAccount,
  beat: HeartbeatRecord,
  region: string | null,
  intervalMinutes: number,
  now: string,
): Alert {
  const silentFor = span(beat.receivedAt, now);
  const long = Date.parse(now) - Date.parse(beat.receivedAt) > 86_400_000;
  const where = `${account.id} (${account.name}${region ? `, ${region}` : ''})`;
  return healthAlert({
    id: fingerprint('alert', 'health', 'silent', account.id, ...(region ? [region] : []), beat.receivedAt),
    title: `Agent silent for ${silentFor} in ${where}`,
    severity: long ? 'high' : 'medium',
    score: long ? 70 : 50,
    reasons: [
      `The agent in ${account.id}${region ? ` (${region})` : ''} last reported at ${beat.receivedAt}; it runs every ${intervalMinutes} min, so ${silentFor} of silence means it is failing or was removed.`,
      `Its last run: ${beat.heartbeat.runId}, ${beat.heartbeat.outcome ?? 'outcome unknown'}, window to ${beat.heartbeat.windowTo ?? 'unknown'}, detector ${beat.heartbeat.detectorVersion}. Check the detector Lambda's errors and the StackSet instance of this account.`,
      'Nothing this account does is being watched until it reports again; its missed windows are caught up from the checkpoint when it recovers.',
    ],
    accounts: [account.id],
    values: [account.name],
    firstEventTime: beat.receivedAt,
    lastEventTime: now,
    now,
  });
}

function noAgentAlert(account: OrgAccount, region: string | null, now: string): Alert {
  return healthAlert({
    id: fingerprint('alert', 'health', 'no-agent', account.id, ...(region ? [region] : [])),
    title: region
      ? `No agent in ${region} of account ${account.id} (${account.name})`
      : `No agent in account ${account.id} (${account.name})`,
    severity: 'medium',
    score: 55,
    reasons: [
      region
        ? `${account.id} (${account.name}) has agents reporting, but none from ${region}: the trail regions assigned to that agent region are not watched.`
        : `${account.id} (${account.name}) is an ACTIVE member of the organization but has never sent a heartbeat: no one watches its CloudTrail.`,
      'Check that its OU is a target of the StackSet (the management account is never covered by a service-managed StackSet) and that the stack instance succeeded.',
    ],
    accounts: [account.id],
    values: [account.name, ...(region ? [region] : [])],
    firstEventTime: account.joinedAt ?? now,
    lastEventTime: now,
    now,
  });
}
