/** The report's input contract and the compact data model embedded in the HTML. */
import type { Alert } from '../engine/findings/index.js';
import type { RunSummary } from '../engine/detect/summary.js';

/** Events per hour and account, for the event-volume timeline. `hour` is an ISO time (any minute is floored). */
export interface ActivityPoint {
  hour: string;
  accountId: string;
  events: number;
}

/** What the baseline knows of one principal, keyed `accountId|principalKey`. */
export interface BaselineSummary {
  firstSeen: string;
  knownValues: number;
}

/** Where the alerts came from when they were read from a file, and what was skipped on the way. */
export interface ReportSource {
  path: string;
  lines: number;
  skipped: number;
  problems: Array<{ line: number; reason: string }>;
}

/** Everything the report shows. Only `alerts` and `generatedAt` are required to say something useful. */
export interface ReportInput {
  alerts: Alert[];
  summary: RunSummary | null;
  activity?: ActivityPoint[];
  baselines?: Record<string, BaselineSummary>;
  /** When the report was made (ISO); the renderer never reads the clock. */
  generatedAt: string;
  title?: string;
  source?: ReportSource;
  /** A hunt's trail: the events of one actor, shown as a time-ordered table. */
  trail?: ReportTrail;
  /**
   * The command that hunts an alert's actors (the scan's inputs and state): the alert detail prints it
   * with each actor's selector, ready to copy.
   */
  pivot?: { command: string };
}

/** One event of a trail as the report shows it. */
export interface ReportTrailEvent {
  time: string;
  accountId: string;
  region: string | null;
  who: string;
  action: string;
  sourceIp: string | null;
  accessKeyId: string | null;
  via: string;
  marks: string[];
  record: unknown;
}

/** A hunt's trail. */
export interface ReportTrail {
  /** What was looked for, e.g. `access-key AKIA…`. */
  selectors: string[];
  events: ReportTrailEvent[];
}

/** Limits that keep a 10,000-alert report small enough to open at once. */
export interface ReportLimits {
  /** Distinct raw records kept per alert as evidence. */
  samplesPerAlert: number;
  /** Findings detailed per alert (the rest are counted). */
  findingsPerAlert: number;
  /** Items kept of each evidence list (event ids, source IPs, user agents, regions, error codes); the rest are counted. */
  evidencePerList: number;
  /** Longest string kept anywhere in the details. */
  maxString: number;
  /** Values listed per alert in the list (all are kept in the details). */
  valuesInList: number;
}

/** A principal as the report lists it. */
export interface ReportPrincipal {
  key: string;
  type: string;
  name: string | null;
  arn: string | null;
  accountId: string | null;
}
