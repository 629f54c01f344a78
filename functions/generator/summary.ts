/**
 * `generate-summary.json`: what was generated (options, accounts, principals, events, files,
 * bytes), ground-truth counts and the expected noise. Deterministic: no timings in it.
 * @module
 */
import type { TruthEntry } from './ground-truth.js';
import type { GenerateOptions } from './options.js';
import type { Org } from './org.js';
import type { NoiseCounter } from './quality.js';
import type { WriteStats } from './writer.js';

/** The summary of one generation. */
export interface GenerateSummary {
  generator: 'ct-anomaly generate';
  options: Omit<GenerateOptions, 'out'>;
  organization: {
    id: string;
    accounts: Array<{ id: string; name: string; kind: string; homeRegion: string; regions: string[] }>;
  };
  principals: number;
  /** Distinct events written (eventIDs), excluding the malformed extras. */
  events: number;
  /** Records written to delivery files, counting duplicate deliveries twice. */
  deliveries: number;
  files: { delivery: number; digest: number; insight: number; malformed: number; total: number };
  bytes: number;
  specialFiles: { digest: string; insight: string };
  truth: { total: number; byType: Record<string, number> };
  /** Legitimate first-seen (principal, action) pairs after the learning period that no ground-truth entry explains. */
  expectedNoise: { count: number; samples: NoiseCounter['samples'] };
}

/** Inputs of {@link buildSummary}. */
export interface SummaryInput {
  options: GenerateOptions;
  org: Org;
  counts: { events: number; deliveries: number; deliveryFiles: number; principals: number };
  writer: WriteStats;
  truth: readonly TruthEntry[];
  noise: NoiseCounter;
  files: { digest: string; insight: string };
  malformedFiles: number;
}

/** Builds the summary object. */
export function buildSummary(s: SummaryInput): GenerateSummary {
  const { out: _out, ...options } = s.options;
  const byType: Record<string, number> = {};
  for (const t of s.truth) byType[t.type] = (byType[t.type] ?? 0) + 1;
  return {
    generator: 'ct-anomaly generate',
    options,
    organization: {
      id: s.org.id,
      accounts: s.org.accounts.map((a) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        homeRegion: a.homeRegion,
        regions: a.regions,
      })),
    },
    principals: s.counts.principals,
    events: s.counts.events,
    deliveries: s.counts.deliveries,
    files: {
      delivery: s.counts.deliveryFiles,
      digest: 1,
      insight: 1,
      malformed: s.malformedFiles,
      total: s.writer.files,
    },
    bytes: s.writer.bytes,
    specialFiles: s.files,
    truth: { total: s.truth.length, byType },
    expectedNoise: { count: s.noise.count, samples: s.noise.samples },
  };
}
