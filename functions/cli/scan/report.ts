/** Writes the HTML report of a scan. */
import type { Alert } from '../../engine/findings/index.js';
import type { ScanResult } from './run-scan.js';
import { CliError } from '../command.js';

/** Renders and writes the report (wired to functions/report when it lands). */
export async function writeReport(path: string, alerts: readonly Alert[], scan: ScanResult): Promise<void> {
  void alerts;
  void scan;
  throw new CliError(`the HTML report is not available yet (${path})`);
}
