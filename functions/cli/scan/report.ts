/** Writes the self-contained HTML report of a scan. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { baselineSummaries, renderReport } from '../../report/index.js';
import type { Alert } from '../../engine/findings/index.js';
import type { ScanResult } from '../../pipeline/scan.js';

/** Renders the report of this scan (alerts, volume, baselines, summary) and writes it to `path`. */
export async function writeReport(path: string, alerts: readonly Alert[], scan: ScanResult): Promise<void> {
  const html = renderReport({
    alerts: [...alerts],
    summary: scan.summary,
    activity: scan.activity,
    baselines: await baselineSummaries(scan.store, alerts),
    generatedAt: new Date().toISOString(),
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
}
