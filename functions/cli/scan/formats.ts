/** Renders alerts in the chosen output format. */
import type { Alert } from '../../engine/findings/index.js';
import type { RunSummary } from '../../engine/detect/index.js';
import { formatJsonl, formatTable } from './output.js';
import type { Format } from './settings.js';

/** The text to write for these alerts. */
export function renderAlerts(alerts: readonly Alert[], format: Format, options: { color: boolean; summary: RunSummary }): string {
  switch (format) {
    case 'table':
      return formatTable(alerts, { color: options.color });
    case 'jsonl':
      return formatJsonl(alerts);
    default:
      return formatJsonl(alerts);
  }
}
