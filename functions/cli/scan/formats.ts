/** Renders alerts in the chosen output format: table, jsonl (our Alert schema), OCSF or ASFF (one object per line). */
import { alertToAsff, alertToOcsf, type Alert } from '../../engine/findings/index.js';
import { VERSION } from '../version.js';
import { formatJsonl, formatTable } from './output.js';
import type { Format } from './settings.js';

/** The text to write for these alerts. */
export function renderAlerts(alerts: readonly Alert[], format: Format, options: { color: boolean }): string {
  switch (format) {
    case 'table':
      return formatTable(alerts, { color: options.color });
    case 'jsonl':
      return formatJsonl(alerts);
    case 'ocsf':
      return formatJsonl(alerts.map((a) => alertToOcsf(a, { productVersion: VERSION })));
    case 'asff':
      return formatJsonl(
        alerts.map((a) =>
          alertToAsff(a, {
            region: a.findings[0]?.region ?? 'us-east-1',
            productAccountId: a.accounts[0] ?? '000000000000',
          }),
        ),
      );
  }
}
