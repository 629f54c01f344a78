/** Writes the self-contained HTML report of a scan. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { baselineSummaries, renderReport, shellQuote } from '../../report/index.js';
import type { Alert } from '../../engine/findings/index.js';
import type { ScanResult } from '../../pipeline/scan.js';

/** How the scan was run, so the report can print the hunt command for an alert's actors. */
export interface ScanInvocation {
  inputs: readonly string[];
  /** The state folder, when it is kept (not --no-state). */
  stateDir: string | null;
}

/** The `ct-anomaly hunt` command over the same inputs and state, without selectors. */
export function huntCommandOf(o: ScanInvocation): string {
  return [
    'npx ct-anomaly hunt',
    ...o.inputs.map(shellQuote),
    ...(o.stateDir ? ['--state', shellQuote(o.stateDir)] : []),
  ].join(' ');
}

/** Renders the report of this scan (alerts, volume, baselines, summary) and writes it to `path`. */
export async function writeReport(
  path: string,
  alerts: readonly Alert[],
  scan: ScanResult,
  invocation?: ScanInvocation,
): Promise<void> {
  const html = renderReport({
    ...(invocation ? { pivot: { command: huntCommandOf(invocation) } } : {}),
    alerts: [...alerts],
    summary: scan.summary,
    activity: scan.activity,
    baselines: await baselineSummaries(scan.store, alerts),
    generatedAt: new Date().toISOString(),
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
}
