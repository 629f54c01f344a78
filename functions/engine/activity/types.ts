/**
 * The activity contract: what an ActivitySource (DuckDB locally, Athena in AWS) returns for one
 * account and window. Both adapters produce exactly this shape, so the detector cannot tell them apart.
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { ServiceCallReason } from '../cloudtrail/index.js';
import type { CandidateFilter } from './candidate-sql.js';

/** One distinct (principal, action) of one account in one window, with its evidence. */
export interface ActivityRow {
  accountId: string;
  /** Window start, ISO 8601 UTC. */
  windowStart: string;
  principalKey: string;
  principalType: string;
  principalArn: string | null;
  principalName: string | null;
  principalAccountId: string | null;
  /** `eventSource:eventName`. */
  action: string;
  eventSource: string;
  eventName: string;
  /** Set when AWS made the call on the principal's behalf (see `serviceCallReason`). */
  serviceCall: ServiceCallReason | null;
  /** Distinct events (by eventID). */
  count: number;
  /** Events with an errorCode. */
  errorCount: number;
  /** Distinct error codes seen, at most a few. */
  errorCodes: string[];
  firstEventTime: string;
  lastEventTime: string;
  /** A few eventIDs, earliest first. */
  sampleEventIds: string[];
  sourceIps: string[];
  userAgents: string[];
  regions: string[];
  /**
   * Where from and with what, per distinct event caller: `<network key>|<client token>` (see
   * caller-sql.ts), sorted, at most MAX_CALLERS: what the network, client and network+client dimensions learn.
   */
  callers: string[];
  /** Events stamped in the future (clock skew or forgery), processed at their delivery time. */
  futureCount?: number;
}

/** Window boundaries, half-open [start, end), ISO 8601 UTC. */
export interface Window {
  start: string;
  end: string;
}

/** Everything one account did in one window. */
export interface WindowActivity {
  accountId: string;
  window: Window;
  rows: ActivityRow[];
  /** Raw records that the rules' prefilter selected in this window, in event-time order. */
  candidates: CloudTrailRecord[];
}

/**
 * Which files a run reads, by their CloudTrail delivery stamp: those delivered after `after` and up to
 * `upTo` (ISO; null: no bound). Sources whose input has no delivery stamps (a local export) read all
 * they hold: their runs are cut by what was staged.
 */
export interface DeliveryRange {
  after: string | null;
  upTo: string | null;
}

/**
 * How many sample event ids (the earliest, one per event), source addresses and user agents (the first, sorted) an
 * activity row carries as evidence: the same in every source. DuckDB's fold keeps about as many per part (see
 * fold-sql.ts): keeping 10 of each cost a staging batch 4-7% more.
 */
export const ROW_SAMPLES = { eventIds: 3, sourceIps: 5, userAgents: 5 } as const;

/** What to read: one account's events in the files of a delivery range, cut into event-time windows of `windowMs`. */
export interface ActivityQuery {
  accountId: string;
  delivered: DeliveryRange;
  windowMs: number;
  /** Which raw records to return as candidates for the rules. */
  candidates: CandidateFilter;
  /** How a source may hand over fewer candidates with the same findings (optional: a source may ignore it). */
  thin?: ThinRequest;
}

/** One distinct combination of the record fields a thinning keys on, in an account's candidates. */
export interface ThinSample {
  /** The source's key of the combination. */
  key: string;
  /** The earliest call of the combination. */
  record: CloudTrailRecord;
  /** The latest call's time (epoch ms), as the source cuts calls into windows. */
  lastMs: number;
}

/**
 * Thinning the candidates a source hands over (engine/rules/window/thin.ts): the source keys an account's
 * candidates that `filter` fetches on `paths` (their JSON values), shows one call of each combination, and leaves
 * out the calls of a combination before its cut-off (epoch ms; `Infinity`: every call).
 */
export interface ThinRequest {
  paths: readonly string[];
  /** The thinnable rules' prefilter: only the candidates it fetches are keyed, sampled and cut. */
  filter: CandidateFilter;
  cutoffs(samples: readonly ThinSample[]): Promise<ReadonlyMap<string, number>>;
}

/** A port that yields activity per window, in window order. */
export interface ActivitySource {
  /** Windows (by event time) of the events one account's range of deliveries holds, in order; windows with no events are skipped. */
  windows(query: ActivityQuery): AsyncIterable<WindowActivity>;
}
