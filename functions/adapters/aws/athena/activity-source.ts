/**
 * The Athena adapter of the ActivitySource port: ONE query per call of `windows()` over the account's
 * CloudTrail table (partition projection on `region` and `date`), streamed back window by window.
 * Reading [from, to) costs one scan of the delivery days it touches, whatever the number of principals
 * or windows (the seeds ran one query per role over the whole history).
 * @module
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import type { ActivityQuery, ActivityRow, ActivitySource, WindowActivity } from '../../../engine/activity/index.js';
import { Dialect, toIso, type CloudTrailRecord } from '../../../engine/cloudtrail/index.js';
import { readResults, runQuery, type AthenaQueryOptions, type AthenaSender, type QueryStats } from './query.js';
import { activityRowOf, candidatesOf, type TextRow } from './parse.js';
import { activityQuerySql } from './sql.js';

/** Options of {@link AthenaActivitySource}. */
export interface AthenaActivitySourceOptions extends Omit<AthenaQueryOptions, 'client'> {
  client?: AthenaSender;
  /** The Glue table over this account's trail prefix. */
  table: string;
  /** Partition columns (defaults `region`, `date`), regions to read (default: all projected). */
  partitions?: { dateColumn?: string; regionColumn?: string; regions?: readonly string[] };
  /** How long after an event its file may be delivered (default 60 min): sets the last day read. */
  deliverySlackMs?: number;
  futureToleranceMs?: number;
  maxCandidatesPerGroup?: number;
}

/** What the queries of this source cost and returned, for the run summary and heartbeat. */
export interface AthenaSourceStats {
  queries: QueryStats[];
  bytesScanned: number;
  rows: number;
  /** Candidate records beyond `maxCandidatesPerGroup` in one group: not handed to the rules, counted here. */
  candidatesTruncated: number;
  /** Candidate JSON that could not be parsed back (counted, never silently dropped). */
  candidatesUnreadable: number;
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** ActivitySource reading one account's CloudTrail through Athena. */
export class AthenaActivitySource implements ActivitySource {
  private readonly query: AthenaQueryOptions;
  readonly stats: AthenaSourceStats = {
    queries: [],
    bytesScanned: 0,
    rows: 0,
    candidatesTruncated: 0,
    candidatesUnreadable: 0,
  };

  constructor(private readonly options: AthenaActivitySourceOptions) {
    for (const key of ['table', 'database', 'workGroup'] as const) {
      if (!options[key]) throw new Error(`AthenaActivitySource needs ${key}`);
    }
    this.query = { ...options, client: options.client ?? new AthenaClient({}) };
  }

  /** The SQL that `windows(query)` runs (for logs, tests and `--explain`). */
  sqlFor(query: ActivityQuery, nowMs: number): string {
    const o = this.options;
    return activityQuerySql({
      dialect: Dialect.Athena,
      from: `${ident(o.database)}.${ident(o.table)}`,
      fromMs: Date.parse(query.from),
      toMs: Date.parse(query.to),
      windowMs: query.windowMs,
      nowMs,
      candidates: query.candidates,
      samples: {
        eventIds: query.samples?.eventIds ?? 3,
        sourceIps: query.samples?.sourceIps ?? 5,
        userAgents: query.samples?.userAgents ?? 5,
      },
      maxCandidatesPerGroup: o.maxCandidatesPerGroup,
      futureToleranceMs: o.futureToleranceMs,
      partitions: {
        dateColumn: o.partitions?.dateColumn ?? 'date',
        regionColumn: o.partitions?.regionColumn ?? 'region',
        regions: o.partitions?.regions,
        deliverySlackMs: o.deliverySlackMs ?? 60 * 60_000,
      },
    });
  }

  async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
    if (!(Date.parse(query.to) > Date.parse(query.from))) return;
    const stats = await runQuery(this.query, this.sqlFor(query, (this.options.clock ?? Date.now)()));
    this.stats.queries.push(stats);
    this.stats.bytesScanned += stats.bytesScanned;

    let current: { ms: number; rows: ActivityRow[]; candidates: CloudTrailRecord[] } | null = null;
    const emit = (w: NonNullable<typeof current>): WindowActivity => ({
      accountId: query.accountId,
      window: { start: toIso(w.ms), end: toIso(w.ms + query.windowMs) },
      rows: w.rows,
      candidates: w.candidates.sort(byEventTime),
    });
    for await (const page of readResults(this.query, stats.queryExecutionId)) {
      for (const r of page) {
        const ms = Number(r.window_ms);
        if (current && current.ms !== ms) {
          yield emit(current);
          current = null;
        }
        current ??= { ms, rows: [], candidates: [] };
        current.rows.push(activityRowOf(query.accountId, r));
        current.candidates.push(...this.candidates(r));
        this.stats.rows += 1;
      }
    }
    if (current) yield emit(current);
  }

  private candidates(r: TextRow): CloudTrailRecord[] {
    const total = Number(r.candidate_cnt ?? 0);
    try {
      const records = candidatesOf(r);
      this.stats.candidatesTruncated += Math.max(0, total - records.length);
      return records;
    } catch {
      this.stats.candidatesUnreadable += total;
      return [];
    }
  }
}

function byEventTime(a: CloudTrailRecord, b: CloudTrailRecord): number {
  const ta = a.eventTime ?? '';
  const tb = b.eventTime ?? '';
  return ta < tb
    ? -1
    : ta > tb
      ? 1
      : (a.eventID ?? '') < (b.eventID ?? '')
        ? -1
        : (a.eventID ?? '') > (b.eventID ?? '')
          ? 1
          : 0;
}
