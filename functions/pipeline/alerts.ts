/**
 * From findings to alerts, the same in the scan and in the central Lambda: the aggregator core with the
 * config's alert settings, scoring bands and suppressions (applied once, here, and counted: a suppressed
 * finding is kept and marked, never dropped), deduplication against what was reported before, grouping,
 * correlation across accounts and org prevalence.
 * @module
 */
import {
  type Aggregator,
  type AggregatorState,
  type AlertSink,
  createAggregator,
  envelopesFromFindings,
  type PrevalenceObservation,
} from '../engine/aggregate/index.js';
import { expiredWarnings } from '../engine/aggregate/suppress/index.js';
import type { Config } from '../engine/config/index.js';
import { type Alert, compareSeverity, type Finding } from '../engine/findings/index.js';

/** What an alert pipeline runs on. */
export interface AlertPipelineOptions {
  config: Config;
  state: AggregatorState;
  /** Where alerts go; none (the scan) means they are only returned. */
  sinks?: readonly AlertSink[];
  now: () => string;
  /** Names this invocation's claims (the Lambda request id). */
  owner?: () => string;
}

/** The aggregator of a configuration. */
export function createAlertPipeline(o: AlertPipelineOptions): Aggregator {
  return createAggregator({
    state: o.state,
    config: o.config.alerts,
    scoring: o.config.scoring,
    suppressions: o.config.suppressions,
    now: o.now,
    ...(o.sinks ? { sinks: o.sinks } : {}),
    ...(o.owner ? { owner: o.owner } : {}),
  });
}

/** Alerts of a local run and what the summary reports of them. */
export interface LocalAlerts {
  /** Most severe first; suppressed ones last. */
  alerts: Alert[];
  duplicates: number;
  suppressed: number;
  warnings: string[];
}

/** Options of {@link alertsOfFindings}. */
export interface LocalAlertOptions {
  config: Config;
  state: AggregatorState;
  findings: readonly Finding[];
  /**
   * What the accounts' baselines hold (org prevalence, as agents report it through their heartbeats), in parts
   * (one per account): an organization's baselines hold millions of entries, never gathered into one list.
   */
  prevalence: AsyncIterable<readonly PrevalenceObservation[]>;
  now: string;
}

/** Turns the findings of a local run into alerts, as the central aggregator would. */
export async function alertsOfFindings(o: LocalAlertOptions): Promise<LocalAlerts> {
  const aggregator = createAlertPipeline({ config: o.config, state: o.state, now: () => o.now });
  for await (const part of o.prevalence) await aggregator.observePrevalence(part);
  const wanted = o.findings.filter((f) =>
    o.config.detectors.includes(f.kind === 'first-seen' ? 'first-seen' : 'rules'),
  );
  const result = await aggregator.ingest(envelopesFromFindings(wanted));
  const alerts = [...result.alerts].sort(
    (a, b) =>
      Number(a.suppressed !== null) - Number(b.suppressed !== null) ||
      b.score - a.score ||
      compareSeverity(b.severity, a.severity) ||
      a.firstEventTime.localeCompare(b.firstEventTime),
  );
  return {
    alerts,
    duplicates: result.counts.duplicates,
    suppressed: result.counts.suppressed,
    warnings: expiredWarnings(result.expiredSuppressions),
  };
}
