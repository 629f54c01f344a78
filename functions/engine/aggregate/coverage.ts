/**
 * Coverage: the organization's active accounts against the agents' heartbeats. An agent silent for
 * more than two intervals, or an account without any agent, is itself an alert.
 * @module
 */
import { fingerprint, type Alert } from '../findings/index.js';
import { healthAlert } from './health.js';
import type { HeartbeatRecord } from './state.js';
import { span } from './text.js';

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
}

/** The coverage summary the monitor publishes every run. */
export interface CoverageSummary {
  schemaVersion: 1;
  generatedAt: string;
  intervalMinutes: number;
  accounts: number;
  reporting: number;
  /** Share of active accounts with a live agent, 0-1. */
  coverage: number;
  silent: Array<{ accountId: string; name: string; lastHeartbeat: string; silentFor: string }>;
  missing: Array<{ accountId: string; name: string; joinedAt: string | null }>;
  /** Heartbeats from accounts that are not ACTIVE members (left, suspended, or foreign). */
  outside: Array<{ accountId: string; lastHeartbeat: string }>;
  exempt: string[];
}

/** What the monitor should say this run. */
export interface CoverageReport {
  summary: CoverageSummary;
  alerts: Alert[];
}

/** Compares accounts with heartbeats. Alert ids are stable per silence episode, so each is sent once. */
export function assessCoverage(opts: CoverageOptions): CoverageReport {
  const { now, intervalMinutes } = opts;
  const nowMs = Date.parse(now);
  const silentAfter = 2 * intervalMinutes * 60_000;
  const grace = (opts.graceMinutes ?? 2 * intervalMinutes + 60) * 60_000;
  const exempt = new Set(opts.exempt ?? []);
  const beats = new Map(opts.heartbeats.map((h) => [h.accountId, h]));
  const summary: CoverageSummary = {
    schemaVersion: 1,
    generatedAt: now,
    intervalMinutes,
    accounts: opts.accounts.length,
    reporting: 0,
    coverage: 0,
    silent: [],
    missing: [],
    outside: [],
    exempt: [...exempt].sort(),
  };
  const alerts: Alert[] = [];
  for (const account of [...opts.accounts].sort((a, b) => a.id.localeCompare(b.id))) {
    if (exempt.has(account.id)) continue;
    const beat = beats.get(account.id);
    if (beat && nowMs - Date.parse(beat.receivedAt) <= silentAfter) {
      summary.reporting++;
      continue;
    }
    if (beat) {
      const silentFor = span(beat.receivedAt, now);
      summary.silent.push({ accountId: account.id, name: account.name, lastHeartbeat: beat.receivedAt, silentFor });
      const long = nowMs - Date.parse(beat.receivedAt) > 86_400_000;
      alerts.push(
        healthAlert({
          id: fingerprint('alert', 'health', 'silent', account.id, beat.receivedAt),
          title: `Agent silent for ${silentFor} in ${account.id} (${account.name})`,
          severity: long ? 'high' : 'medium',
          score: long ? 70 : 50,
          reasons: [
            `The agent in ${account.id} last reported at ${beat.receivedAt}; it runs every ${intervalMinutes} min, so ${silentFor} of silence means it is failing or was removed.`,
            `Its last run: ${beat.heartbeat.runId}, window to ${beat.heartbeat.windowTo ?? 'unknown'}, detector ${beat.heartbeat.detectorVersion}. Check the detector Lambda's errors and the StackSet instance of this account.`,
            'Nothing this account does is being watched until it reports again; its missed windows are caught up from the checkpoint when it recovers.',
          ],
          accounts: [account.id],
          values: [account.name],
          firstEventTime: beat.receivedAt,
          lastEventTime: now,
          now,
        }),
      );
      continue;
    }
    summary.missing.push({ accountId: account.id, name: account.name, joinedAt: account.joinedAt });
    if (account.joinedAt !== null && nowMs - Date.parse(account.joinedAt) < grace) continue;
    alerts.push(
      healthAlert({
        id: fingerprint('alert', 'health', 'no-agent', account.id),
        title: `No agent in account ${account.id} (${account.name})`,
        severity: 'medium',
        score: 55,
        reasons: [
          `${account.id} (${account.name}) is an ACTIVE member of the organization but has never sent a heartbeat: no one watches its CloudTrail.`,
          'Check that its OU is a target of the StackSet (the management account is never covered by a service-managed StackSet) and that the stack instance succeeded.',
        ],
        accounts: [account.id],
        values: [account.name],
        firstEventTime: account.joinedAt ?? now,
        lastEventTime: now,
        now,
      }),
    );
  }
  const members = new Set(opts.accounts.map((a) => a.id));
  for (const h of opts.heartbeats)
    if (!members.has(h.accountId)) summary.outside.push({ accountId: h.accountId, lastHeartbeat: h.receivedAt });
  summary.outside.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const watched = opts.accounts.length - opts.accounts.filter((a) => exempt.has(a.id)).length;
  summary.coverage = watched === 0 ? 1 : Math.round((summary.reporting / watched) * 1000) / 1000;
  return { summary, alerts };
}
