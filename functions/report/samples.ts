/** Picks the raw records an alert shows as evidence: distinct records, spread over its findings, capped. */
import type { Alert } from '../engine/findings/index.js';

/** One picked record and the key it is deduplicated by (its eventID, else its content). */
export interface PickedSample {
  key: string;
  record: Record<string, unknown>;
}

function sampleKey(record: Record<string, unknown>): string {
  const id = record['eventID'];
  return typeof id === 'string' && id.length > 0 ? `id:${id}` : `json:${JSON.stringify(record)}`;
}

/**
 * Up to `max` distinct records, taken round-robin over the findings so that each finding shows its own
 * evidence first; `byFinding[i]` lists the picked records of finding i (a record shared by several
 * findings is listed under each). `dropped` counts distinct records left out.
 */
export function collectSamples(alert: Alert, max: number): { byFinding: PickedSample[][]; dropped: number } {
  const keyed = alert.findings.map((f) => f.evidence.samples.map((record) => ({ key: sampleKey(record), record })));
  const picked = new Set<string>();
  const rounds = Math.max(0, ...keyed.map((s) => s.length));
  for (let round = 0; round < rounds && picked.size < max; round++) {
    for (const samples of keyed) {
      const sample = samples[round];
      if (sample && !picked.has(sample.key) && picked.size < max) picked.add(sample.key);
    }
  }
  const all = new Set(keyed.flat().map((s) => s.key));
  const byFinding = keyed.map((samples) => {
    const seen = new Set<string>();
    return samples.filter((s) => picked.has(s.key) && !seen.has(s.key) && seen.add(s.key));
  });
  return { byFinding, dropped: all.size - picked.size };
}
