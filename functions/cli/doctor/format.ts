/** How `ct-anomaly doctor` prints: one line per check or agent, and under each failure what to do. */
import type { CoverageSummary } from '../../engine/aggregate/index.js';
import { runErrorHelp } from '../../engine/aggregate/index.js';
import type { PreflightReport } from '../../pipeline/preflight.js';

/** One agent's preflight. */
export function formatPreflight(report: PreflightReport): string {
  const head = `agent ${report.accountId}${report.region ? ` (${report.region})` : ''}, version ${report.agentVersion ?? 'unknown'}: ${
    report.ok ? 'every check passed' : `${report.checks.filter((c) => !c.ok).length} check(s) failed`
  }`;
  const lines = report.checks.flatMap((c) => [
    `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.title}: ${c.detail}`,
    ...(c.ok ? [] : [`        problem: ${c.problem}`, `        fix: ${c.fix}`]),
  ]);
  return `${[head, ...lines].join('\n')}\n`;
}

const where = (a: { accountId: string; region?: string | null }) => `${a.accountId}${a.region ? ` (${a.region})` : ''}`;

/** The fleet, from the agents' heartbeats: what is wrong where, and the next command to run. */
export function formatFleet(summary: CoverageSummary, accountsListed: boolean): string {
  const watched = summary.accounts - summary.exempt.length;
  const lines = [
    accountsListed
      ? `fleet: ${summary.healthy} of ${watched} watched account(s) covered by a healthy agent (${Math.round(summary.coverage * 1000) / 10}%), ${summary.reporting} reporting`
      : `fleet: ${summary.healthy} healthy agent account(s) of those that ever reported (the organization could not be listed: missing accounts are not shown)`,
  ];
  const next = (a: { accountId: string; region?: string | null }) =>
    `        next: AWS_PROFILE=<${a.accountId}> ct-anomaly doctor --account ${a.accountId}${a.region ? ` --region ${a.region}` : ''}`;
  for (const f of summary.failing) {
    const help = runErrorHelp(f.errorClass);
    lines.push(
      `  FAIL  ${where(f)}: ${f.failedInARow} failed runs in a row, ${f.errorClass}${f.lastOkAt ? ` (last good run ${f.lastOkAt})` : ''}`,
      ...(f.error ? [`        error: ${f.error}`] : []),
      `        cause: ${help.cause}`,
      `        fix: ${help.fix}`,
      next(f),
    );
  }
  for (const s of summary.stale)
    lines.push(`  LAG   ${where(s)}: processed up to ${s.watermark} (${s.lag} behind)`, next(s));
  for (const s of summary.silent)
    lines.push(
      `  GONE  ${where(s)}: no heartbeat for ${s.silentFor} (last ${s.lastHeartbeat})`,
      '        fix: check its StackSet instance and the detector Lambda in that account',
    );
  for (const m of summary.missing)
    lines.push(
      `  NONE  ${m.accountId}${m.region ? ` (${m.region})` : ''} (${m.name}): no agent${m.joinedAt ? `, joined ${m.joinedAt}` : ''}`,
    );
  for (const o of summary.outdated) lines.push(`  OLD   ${where(o)}: runs ${o.version}`);
  if (lines.length === 1) lines.push('  every agent reports, runs, keeps up and runs the same version');
  return `${lines.join('\n')}\n`;
}
