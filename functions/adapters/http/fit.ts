/** Fitting an alert into a size limit: evidence samples go first, then finding reasons, never the alert itself. */
import type { Alert } from '../../engine/findings/index.js';

/** The alert, or a copy with evidence samples (then finding reasons) removed so its JSON fits `maxBytes`. */
export function fitAlert(alert: Alert, maxBytes: number): Alert {
  if (Buffer.byteLength(JSON.stringify(alert)) <= maxBytes) return alert;
  const noSamples: Alert = {
    ...alert,
    findings: alert.findings.map((f) => ({ ...f, evidence: { ...f.evidence, samples: [] } })),
  };
  if (Buffer.byteLength(JSON.stringify(noSamples)) <= maxBytes) return noSamples;
  return { ...noSamples, findings: noSamples.findings.map((f) => ({ ...f, reasons: [], context: {} })) };
}
