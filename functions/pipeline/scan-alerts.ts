/**
 * The alert stage of a local scan: the findings go through the same aggregator core as in the cloud
 * (see `alerts.ts`), over a state kept beside the baseline, so a later scan deduplicates against what an
 * earlier one reported and prevalence spans the organization scanned.
 * @module
 */
import { openLocalAggregatorState } from '../adapters/local/aggregator-state.js';
import type { PrevalenceObservation } from '../engine/aggregate/index.js';
import type { Config } from '../engine/config/index.js';
import { prevalenceKeyOf } from '../engine/detect/index.js';
import type { Alert } from '../engine/findings/index.js';
import { alertsOfFindings } from './alerts.js';
import type { ScanResult } from './scan.js';

/** The alerts of a scan and the state write to make once they are safely written. */
export interface ScanAlerts {
  alerts: Alert[];
  warnings: string[];
  /** Remembers the alerts (dedup for later scans); call only after they were written. */
  persist: () => Promise<void>;
}

/** What each account's baseline holds, as prevalence observations: one part per account, read one at a time. */
async function* prevalenceOf(store: ScanResult['store'], now: string): AsyncGenerator<PrevalenceObservation[]> {
  for (const accountId of await store.listAccounts()) {
    const part: PrevalenceObservation[] = [];
    for (const entry of await store.entriesOf(accountId)) {
      const key = prevalenceKeyOf(entry.dimension, entry.value);
      if (key !== null) part.push({ action: key, account: accountId, principalKey: entry.principalKey, time: now });
    }
    yield part;
  }
}

/** Turns a scan's findings into alerts; fills the summary's alert counts. */
export async function alertsOfScan(
  scan: ScanResult,
  config: Config,
  stateDir: string,
  now: string,
): Promise<ScanAlerts> {
  const opened = await openLocalAggregatorState(stateDir, now);
  const local = await alertsOfFindings({
    config,
    state: opened.state,
    findings: scan.findings,
    prevalence: prevalenceOf(scan.store, now),
    now,
  });
  const s = scan.summary.alerts;
  s.duplicates = local.duplicates;
  s.suppressed = local.suppressed;
  for (const a of local.alerts) {
    if (a.suppressed !== null) continue;
    s.emitted++;
    s.bySeverity[a.severity]++;
  }
  return {
    alerts: local.alerts,
    warnings: [...(opened.problem ? [opened.problem] : []), ...local.warnings],
    persist: () => opened.state.save(now),
  };
}
