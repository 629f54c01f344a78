/**
 * One fleet-health run (the monitor Lambda): ACTIVE accounts vs stored heartbeats, health alerts sent once per episode
 * (delivery records in the state): silent, missing, failing, lagging and outdated agents, and once a day the SOC's
 * fleet summary; the coverage summary published and its metrics emitted every run. A failed delivery or publish
 * fails the run after recording what succeeded, so the scheduler's retries and DLQ apply.
 * @module
 */
import {
  type AgentHealthOptions,
  assessCoverage,
  deliver,
  fleetSummaryAlert,
  revisionOf,
  routesFor,
  type AggregatorState,
  type AlertSink,
  type CoverageSummary,
  type OrgAccount,
} from '../engine/aggregate/index.js';
import type { AggregatorConfig } from '../engine/config/index.js';
import { emfLine, MetricNamespace, type MetricValue } from './emf.js';
import type { Logger } from './log.js';

/** What a monitor run needs. */
export interface MonitorDeps {
  state: AggregatorState;
  listAccounts: () => Promise<OrgAccount[]>;
  publishSummary: (summary: CoverageSummary) => Promise<void>;
  sinks: readonly AlertSink[];
  routing: AggregatorConfig['routing'];
  heartbeatMinutes: number;
  graceMinutes?: number | null;
  exempt?: readonly string[];
  /** Regions every account runs an agent in (several-region deployments). */
  agentRegions?: readonly string[];
  /** Failing runs in a row, stale watermark, expected version and rollout grace. */
  health?: AgentHealthOptions;
  /** UTC hour from which the day's fleet summary is sent (once a day); null: no summary. */
  summaryHourUtc?: number | null;
  /** The central account (named by the summary when no account has a problem). */
  homeAccountId?: () => string | null;
  /** Days a sent health alert is remembered (default 30): an uncovered account is reminded about monthly. */
  rememberDays?: number;
  log: Logger;
  now: () => string;
  emit?: (line: string) => void;
}

/** What a run reports. */
export interface MonitorResult {
  summary: CoverageSummary;
  sent: string[];
  alreadySent: string[];
  failed: Array<{ alertId: string; sink: string; reason: string }>;
}

/**
 * The monitor's metrics (namespace `ct-anomaly`, dimension `Function` = `monitor`): what the central alarms read
 * (`modules/central/alarms.ts` names them from {@link MONITOR_METRICS}).
 */
export function monitorMetrics(summary: CoverageSummary, healthAlertsSent: number): Record<MonitorMetric, MetricValue> {
  return {
    Accounts: summary.accounts,
    Reporting: summary.reporting,
    Healthy: summary.healthy,
    CoveragePercent: { value: Math.round(summary.coverage * 1000) / 10, unit: 'Percent' },
    Silent: summary.silent.length,
    Missing: summary.missing.length,
    Uncovered: summary.uncovered,
    Failing: summary.failing.length,
    Stale: summary.stale.length,
    Outdated: summary.outdated.length,
    HealthAlerts: healthAlertsSent,
  };
}

/** The metric names the monitor emits every run. */
export const MONITOR_METRICS = [
  'Accounts',
  'Reporting',
  'Healthy',
  'CoveragePercent',
  'Silent',
  'Missing',
  'Uncovered',
  'Failing',
  'Stale',
  'Outdated',
  'HealthAlerts',
] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];

/** Creates the monitor handler. */
export function createMonitorHandler(deps: MonitorDeps): () => Promise<MonitorResult> {
  return async () => {
    const now = deps.now();
    const [accounts, heartbeats] = await Promise.all([deps.listAccounts(), deps.state.listHeartbeats()]);
    const report = assessCoverage({
      accounts,
      heartbeats,
      now,
      intervalMinutes: deps.heartbeatMinutes,
      ...(deps.graceMinutes ? { graceMinutes: deps.graceMinutes } : {}),
      ...(deps.exempt ? { exempt: deps.exempt } : {}),
      ...(deps.agentRegions ? { agentRegions: deps.agentRegions } : {}),
      ...(deps.health ? { health: deps.health } : {}),
    });
    const hour = deps.summaryHourUtc ?? null;
    if (hour !== null && new Date(now).getUTCHours() >= hour) {
      const home = deps.homeAccountId?.() ?? 'organization';
      report.alerts.push(fleetSummaryAlert(report.summary, { now, homeAccountId: home }));
    }
    const prior = await deps.state.getAlerts(
      report.alerts.map((a) => a.id),
      now,
    );
    const routed = report.alerts.map((alert) => {
      const done = prior.get(alert.id)?.delivered[revisionOf(alert)] ?? [];
      const routes = routesFor(alert, deps.sinks, deps.routing);
      return {
        alert,
        routes: routes.filter((r) => !done.includes(r)),
        alreadyDelivered: routes.filter((r) => done.includes(r)),
      };
    });
    const toSend = routed.filter((r) => r.routes.length > 0);
    const deliveries = await deliver(toSend, deps.sinks);
    const expires = new Date(Date.parse(now) + (deps.rememberDays ?? 30) * 86_400_000).toISOString();
    await deps.state.commit({
      seen: [],
      seenExpiresAt: expires,
      release: [],
      sightings: [],
      alertExpiresAt: expires,
      alerts: toSend.map((r, i) => {
        const revision = revisionOf(r.alert);
        const p = prior.get(r.alert.id);
        return {
          id: r.alert.id,
          kind: r.alert.kind,
          revision,
          firstCreatedAt: p?.firstCreatedAt ?? now,
          updatedAt: now,
          severity: r.alert.severity,
          score: r.alert.score,
          accounts: r.alert.accounts,
          values: r.alert.values,
          findingIds: [],
          delivered: { [revision]: deliveries[i]!.delivered },
        };
      }),
    });
    const failed = deliveries.flatMap((d) => d.failed.map((f) => ({ alertId: d.alertId, ...f })));
    const result: MonitorResult = {
      summary: report.summary,
      sent: deliveries.filter((d) => d.failed.length === 0).map((d) => d.alertId),
      alreadySent: routed.filter((r) => r.routes.length === 0).map((r) => r.alert.id),
      failed,
    };
    let publishError: unknown = null;
    await deps.publishSummary(report.summary).catch((error: unknown) => (publishError = error));
    const { log } = deps;
    for (const s of report.summary.silent) log.warn('agent silent', s);
    for (const m of report.summary.missing) log.warn('account without agent', m);
    for (const f of report.summary.failing) log.warn('agent failing', f);
    for (const s of report.summary.stale) log.warn('agent behind', s);
    for (const o of report.summary.outdated) log.warn('agent outdated', o);
    for (const f of failed) log.error('sink failed', f);
    log.info('coverage', {
      accounts: report.summary.accounts,
      reporting: report.summary.reporting,
      healthy: report.summary.healthy,
      coverage: report.summary.coverage,
      sent: result.sent.length,
      alreadySent: result.alreadySent.length,
    });
    (deps.emit ?? ((l: string) => process.stdout.write(`${l}\n`)))(
      emfLine({
        namespace: MetricNamespace.Central,
        dimensions: { Function: 'monitor' },
        metrics: monitorMetrics(report.summary, result.sent.length),
        at: Date.parse(now),
      }),
    );
    if (publishError !== null) throw publishError;
    if (failed.length > 0)
      throw new Error(
        `${failed.length} health alert deliveries failed (${[...new Set(failed.map((f) => f.sink))].join(', ')}); the run will be retried`,
      );
    return result;
  };
}
