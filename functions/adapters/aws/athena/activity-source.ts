/**
 * The Athena adapter of the ActivitySource port: ONE query per call of `windows()` over the account's
 * CloudTrail table (partition projection on `region` and `date`), streamed back window by window.
 * Reading a range of deliveries costs one scan of the files delivered in it (the delivery days, then the
 * object names), whatever the number of principals or windows (the seeds ran one query per role).
 * The query runs through a runner: Athena in AWS, DuckDB over the same files in the parity tests.
 * @module
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import {
  type ActivityQuery,
  type ActivityRow,
  type ActivitySource,
  ROW_SAMPLES,
  type WindowActivity,
} from '../../../engine/activity/index.js';
import { type CloudTrailRecord, Dialect, toIso } from '../../../engine/cloudtrail/index.js';
import { activityRowOf, candidatesOf, type TextRow } from './parse.js';
import { type AthenaQueryOptions, type AthenaSender, type QueryStats, readResults, runQuery } from './query.js';
import { activityQuerySql } from './sql.js';

/** Runs the activity SQL and pages its rows as Athena returns them (every value a string). */
export interface QueryRunner {
  dialect: Dialect;
  run(sql: string): Promise<{ stats: QueryStats; pages: AsyncIterable<TextRow[]> }>;
}

/** Options of {@link AthenaActivitySource}. */
export interface AthenaActivitySourceOptions extends Omit<AthenaQueryOptions, 'client'> {
  client?: AthenaSender;
  /** The Glue table over this account's trail prefix. */
  table: string;
  /** Partition columns (defaults `region`, `date`), regions to read (default: all projected). */
  partitions?: { dateColumn?: string; regionColumn?: string; regions?: readonly string[] };
  /** The account's trail location and regions: the query then reads only the files of its deliveries. */
  files?: { location: string; accountId: string; regions: readonly string[] };
  futureToleranceMs?: number;
  maxCandidatesPerGroup?: number;
  /** Another way to run the query (the DuckDB twin in tests); default Athena through `client`. */
  runner?: QueryRunner;
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

/** Athena as a {@link QueryRunner}. */
function athenaRunner(query: AthenaQueryOptions): QueryRunner {
  return {
    dialect: Dialect.Athena,
    async run(sql) {
      const stats = await runQuery(query, sql);
      return { stats, pages: readResults(query, stats.queryExecutionId) };
    },
  };
}

/** ActivitySource reading one account's CloudTrail through Athena. */
export class AthenaActivitySource implements ActivitySource {
  private readonly runner: QueryRunner;
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
    this.runner = options.runner ?? athenaRunner({ ...options, client: options.client ?? new AthenaClient({}) });
  }

  /** The SQL that `windows(query)` runs (for logs, tests and `--explain`). */
  sqlFor(query: ActivityQuery, nowMs: number): string {
    const o = this.options;
    const at = (t: string | null): number | null => (t === null ? null : Date.parse(t));
    return activityQuerySql({
      dialect: this.runner.dialect,
      from: this.runner.dialect === Dialect.Athena ? `${ident(o.database)}.${ident(o.table)}` : o.table,
      afterMs: at(query.delivered.after),
      upToMs: at(query.delivered.upTo),
      windowMs: query.windowMs,
      nowMs,
      candidates: query.candidates,
      samples: ROW_SAMPLES,
      maxCandidatesPerGroup: o.maxCandidatesPerGroup,
      futureToleranceMs: o.futureToleranceMs,
      ...(this.runner.dialect === Dialect.Athena
        ? {
            partitions: {
              dateColumn: o.partitions?.dateColumn ?? 'date',
              regionColumn: o.partitions?.regionColumn ?? 'region',
              regions: o.partitions?.regions,
            },
          }
        : {}),
      ...(o.files ? { files: o.files } : {}),
    });
  }

  async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
    const { after, upTo } = query.delivered;
    if (after !== null && upTo !== null && !(Date.parse(upTo) > Date.parse(after))) return;
    const { stats, pages } = await this.runner.run(this.sqlFor(query, (this.options.clock ?? Date.now)()));
    this.stats.queries.push(stats);
    this.stats.bytesScanned += stats.bytesScanned;

    let current: { ms: number; rows: ActivityRow[]; candidates: CloudTrailRecord[] } | null = null;
    const emit = (w: NonNullable<typeof current>): WindowActivity => ({
      accountId: query.accountId,
      window: { start: toIso(w.ms), end: toIso(w.ms + query.windowMs) },
      rows: w.rows,
      candidates: w.candidates.sort(byEventTime),
    });
    for await (const page of pages) {
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
