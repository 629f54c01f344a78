/**
 * The SOC's daily fleet-health summary: one health alert a day, through the same sinks as every alert,
 * saying how much of the organization is watched and what is wrong where.
 * @module
 */
import { fingerprint, type Alert } from '../findings/index.js';
import type { CoverageSummary } from './coverage.js';
import { healthAlert } from './health.js';
import { listOf, plural } from './text.js';

/** Options of {@link fleetSummaryAlert}. */
export interface FleetSummaryOptions {
  now: string;
  /** The account the summary is about when no account has a problem (the central account). */
  homeAccountId: string;
}

const where = (a: { accountId: string; region: string | null }) => `${a.accountId}${a.region ? ` (${a.region})` : ''}`;

/** The day's summary alert (its id is the UTC day: the monitor sends it once a day). */
export function fleetSummaryAlert(summary: CoverageSummary, o: FleetSummaryOptions): Alert {
  const day = o.now.slice(0, 10);
  const watched = summary.accounts - summary.exempt.length;
  const problems = [
    [summary.failing.length, 'failing'],
    [summary.stale.length, 'behind'],
    [summary.silent.length, 'silent'],
    [summary.uncovered, 'without an agent'],
    [summary.outdated.length, 'on an old version'],
  ] as const;
  const found = problems.filter(([n]) => n > 0);
  const accounts = [
    ...new Set(
      [...summary.failing, ...summary.stale, ...summary.silent, ...summary.missing, ...summary.outdated].map(
        (a) => a.accountId,
      ),
    ),
  ].sort();
  const versions = Object.entries(summary.versions)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} (${n})`);
  const reasons = [
    `${summary.healthy} of ${plural(watched, 'watched account')} are covered by a healthy agent (${Math.round(summary.coverage * 1000) / 10}%); ${summary.reporting} report, ${summary.exempt.length} exempt.`,
    found.length === 0
      ? 'No agent is failing, behind, silent or outdated, and every account has one.'
      : `Agents ${found.map(([n, what]) => `${n} ${what}`).join(', ')}.`,
  ];
  if (summary.failing.length > 0)
    reasons.push(
      `Failing: ${listOf(
        summary.failing.map((f) => `${where(f)} ${f.errorClass} x${f.failedInARow}`),
        10,
      )}.`,
    );
  if (summary.stale.length > 0)
    reasons.push(
      `Behind: ${listOf(
        summary.stale.map((s) => `${where(s)} ${s.lag}`),
        10,
      )}.`,
    );
  if (summary.silent.length > 0)
    reasons.push(
      `Silent: ${listOf(
        summary.silent.map((s) => `${where(s)} ${s.silentFor}`),
        10,
      )}.`,
    );
  if (summary.missing.length > 0)
    reasons.push(
      `Without an agent: ${listOf(
        summary.missing.map((m) => `${m.accountId}${m.region ? ` (${m.region})` : ''}`),
        10,
      )}.`,
    );
  if (versions.length > 0) reasons.push(`Agent versions: ${listOf(versions, 5)}.`);
  return healthAlert({
    id: fingerprint('alert', 'health', 'fleet-summary', day),
    title: `Fleet health ${day}: ${summary.healthy}/${watched} accounts covered${found.length > 0 ? `; ${found.map(([n, what]) => `${n} ${what}`).join(', ')}` : ''}`,
    severity: found.length === 0 ? 'low' : 'medium',
    score: found.length === 0 ? 20 : 40,
    reasons,
    accounts: accounts.length > 0 ? accounts.slice(0, 50) : [o.homeAccountId],
    values: found.map(([n, what]) => `${n} ${what}`),
    firstEventTime: o.now,
    lastEventTime: o.now,
    now: o.now,
  });
}
