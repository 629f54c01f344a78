/** From findings to alerts in the scan: grouping, dedup against what earlier scans reported, counting. */
import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Alert } from '../../engine/findings/index.js';
import type { ScanResult } from './run-scan.js';
import type { ScanSettings } from './settings.js';
import { interimAlerts } from './interim-alerts.js';

/** Alerts of a scan, and the state write to do once they are safely out. */
export async function alertsOf(scan: ScanResult, settings: ScanSettings): Promise<{ alerts: Alert[]; persist: () => Promise<void> }> {
  const ledgerPath = join(settings.stateDir, 'reported.json');
  let reported: Record<string, string> = {};
  try {
    reported = JSON.parse(await readFile(ledgerPath, 'utf8')) as Record<string, string>;
  } catch {
    reported = {};
  }
  const now = new Date().toISOString();
  const fresh = scan.findings.filter((f) => reported[f.id] === undefined);
  scan.summary.alerts.duplicates = scan.findings.length - fresh.length;
  const alerts = interimAlerts(fresh, now);
  scan.summary.alerts.emitted = alerts.filter((a) => a.suppressed === null).length;
  scan.summary.alerts.suppressed = alerts.length - scan.summary.alerts.emitted;
  for (const a of alerts) if (a.suppressed === null) scan.summary.alerts.bySeverity[a.severity]++;
  return {
    alerts,
    persist: async () => {
      for (const f of fresh) reported[f.id] = f.lastEventTime;
      await mkdir(settings.stateDir, { recursive: true });
      await writeFile(`${ledgerPath}.tmp`, JSON.stringify(reported));
      await rename(`${ledgerPath}.tmp`, ledgerPath);
    },
  };
}
