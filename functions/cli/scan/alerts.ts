/**
 * From findings to alerts in the scan, through the same aggregator core as the central Lambda:
 * suppressions mark findings (counted, never dropped), the aggregator deduplicates against what earlier
 * scans reported, groups one principal's new actions per window, correlates actors across the accounts
 * scanned, and weighs by prevalence in the scanned organization's baselines.
 * @module
 */
import {
  createAggregator,
  DEFAULT_AGGREGATOR_CONFIG,
  envelopesFromFindings,
  type PrevalenceObservation,
} from '../../engine/aggregate/index.js';
import { scoreAlert } from '../../engine/detect/score/index.js';
import { applySuppressions, expiredWarnings } from '../../engine/detect/suppress/index.js';
import { compareSeverity, type Alert } from '../../engine/findings/index.js';
import { openLocalAggregatorState } from '../../adapters/local/aggregator-state.js';
import type { ScanResult } from './run-scan.js';
import type { ScanSettings } from './settings.js';

/** Alerts of a scan (most severe first), and the state write to do once they are safely out. */
export async function alertsOf(
  scan: ScanResult,
  settings: ScanSettings,
): Promise<{ alerts: Alert[]; persist: () => Promise<void> }> {
  const now = new Date().toISOString();
  const { config } = settings;
  const wanted = scan.findings.filter((f) =>
    f.kind === 'first-seen' ? config.detectors.includes('first-seen') : config.detectors.includes('rules'),
  );
  const { kept, suppressed, expired } = applySuppressions(wanted, config.suppressions, now);
  settings.warnings.push(...expiredWarnings(expired));

  const opened = await openLocalAggregatorState(settings.stateDir, now);
  if (opened.problem) settings.warnings.push(opened.problem);
  const aggregator = createAggregator({
    state: opened.state,
    // The severity bands follow the scoring config, so prevalence and spread adjustments cross the same lines.
    config: { ...DEFAULT_AGGREGATOR_CONFIG, severityThresholds: { ...config.scoring.severityThresholds } },
    now: () => now,
    scorer: (findings) => scoreAlert(findings, { config: config.scoring }),
  });
  const observations: PrevalenceObservation[] = [];
  for (const accountId of await scan.store.listAccounts()) {
    for (const entry of await scan.store.entriesOf(accountId)) {
      observations.push({ action: entry.value, account: accountId, principalKey: entry.principalKey, time: now });
    }
  }
  await aggregator.observePrevalence(observations);
  const result = await aggregator.ingest(envelopesFromFindings([...kept, ...suppressed.map((s) => s.finding)]));
  const alerts = [...result.alerts].sort(
    (a, b) =>
      Number(a.suppressed !== null) - Number(b.suppressed !== null) ||
      b.score - a.score ||
      compareSeverity(b.severity, a.severity) ||
      a.firstEventTime.localeCompare(b.firstEventTime),
  );
  const s = scan.summary.alerts;
  s.duplicates = result.counts.duplicates;
  s.suppressed = suppressed.length;
  for (const a of alerts) {
    if (a.suppressed !== null) continue;
    s.emitted++;
    s.bySeverity[a.severity]++;
  }
  return { alerts, persist: () => opened.state.save(now) };
}
