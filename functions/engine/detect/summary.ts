/** The run summary: what a scan or an agent run read, skipped, found and emitted. Nothing is dropped silently. */
import type { Severity } from '../findings/index.js';

/** One problem with the input, reported with its path. */
export interface InputProblem {
  path: string;
  reason: string;
  detail?: string;
  /** Records affected (malformed records in the file, or salvaged before a corruption). */
  records?: number;
}

export interface RunSummary {
  files: {
    read: number;
    /** Skipped files by reason (digest, insight, not-cloudtrail, empty, ...). */
    skipped: Record<string, number>;
    /** Files that could not be read completely (truncated gzip, invalid JSON). */
    malformed: number;
    /** Delivery files stamped before what an earlier scan had read, copied in since: read now. */
    late: number;
    bytes: number;
  };
  records: {
    read: number;
    /** Malformed records by reason (invalid-json, missing-eventTime, missing-eventName, oversized, ...). */
    malformed: Record<string, number>;
    /** Same eventID seen more than once: counted once. */
    duplicates: number;
    /** Stamped later than their delivery or than now: processed, flagged, never moving the watermark. */
    future: number;
    /** Larger than the record limit: processed (who, what, where, when) with their bulky fields cut, and flagged. */
    oversized: number;
    /** Calls made by AWS services on a principal's behalf, excluded from first-seen by default. */
    serviceCalls: number;
  };
  /** The first problems, with their paths (the counts above are complete). */
  problems: InputProblem[];
  accounts: number;
  principals: number;
  windows: number;
  period: { from: string | null; to: string | null };
  findings: {
    firstSeen: number;
    rule: number;
    /** New pairs learned silently because the principal was inside its learning period (or --learn-only). */
    learned: number;
  };
  alerts: {
    emitted: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
    duplicates: number;
  };
  settings: { learningDays: number; ttlDays: number; windowMinutes: number; lagMinutes: number; learnOnly: boolean };
  seconds: number;
}

/** An empty summary to fill in. */
export function emptySummary(settings: RunSummary['settings']): RunSummary {
  return {
    files: { read: 0, skipped: {}, malformed: 0, late: 0, bytes: 0 },
    records: { read: 0, malformed: {}, duplicates: 0, future: 0, oversized: 0, serviceCalls: 0 },
    problems: [],
    accounts: 0,
    principals: 0,
    windows: 0,
    period: { from: null, to: null },
    findings: { firstSeen: 0, rule: 0, learned: 0 },
    alerts: {
      emitted: 0,
      bySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      suppressed: 0,
      duplicates: 0,
    },
    settings,
    seconds: 0,
  };
}
