/** The local ActivitySource: windows of staged events in DuckDB, the same rows the Athena adapter returns. */
import type {
  ActivityQuery,
  ActivityRow,
  ActivitySource,
  ThinRequest,
  ThinSample,
  WindowActivity,
} from '../../../engine/activity/index.js';
import type { CloudTrailRecord, ServiceCallReason } from '../../../engine/cloudtrail/index.js';
import { toIso, withoutNulls } from '../../../engine/cloudtrail/index.js';
import type { Duck } from './connection.js';
import {
  ACCOUNTS_SQL,
  VOLUME_SQL,
  activitySql,
  candidatesSql,
  orderCandidates,
  rawRecordsSql,
  sampleFilesSql,
  THIN_CUTS_SQL,
  THIN_OUT_SQL,
  thinKeysSql,
  DROP_THIN_KEYS_SQL,
  thinSamplesSql,
  type SampleRef,
  windowSizesSql,
  type RangeSqlOptions,
  type WindowSpan,
} from './activity-sql.js';
import type { InputFile } from '../files/index.js';
import { pushTo } from '../../../engine/collections.js';

/** One account present in the staged events: its first window and its last effective event time. */
export interface StagedAccount {
  accountId: string;
  firstMs: number;
  lastMs: number;
  events: number;
}

type JsonRow = Record<string, unknown>;

/** One span's activity rows (one JSON text each) and candidate records (text, by window start). */
interface SpanRead {
  candidates: Map<number, string[]>;
  texts: unknown[];
}

/** Rows and candidates read at once (a span of windows): bounds memory whatever the account's size (see docs/performance.md). */
const SPAN_ROWS = 10_000;

/**
 * Candidate records an account needs before they are thinned: below it the keyed pass, the samples and the events
 * left out (about 0.1 s an account) cost more than they spare (docs/performance.md, thirteenth pass). Thinning is
 * exact: the findings and states are the same either way.
 */
export const THIN_FROM = 20_000;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toRow(accountId: string, r: JsonRow): ActivityRow {
  const eventSource = String(r['event_source']);
  const eventName = String(r['event_name']);
  return {
    accountId,
    windowStart: toIso(Number(r['window_ms'])),
    principalKey: String(r['pkey']),
    principalType: String(r['ptype']),
    principalArn: str(r['parn']),
    principalName: str(r['pname']),
    principalAccountId: str(r['paccount']),
    action: `${eventSource}:${eventName}`,
    eventSource,
    eventName,
    serviceCall: str(r['service_call']) as ServiceCallReason | null,
    count: Number(r['cnt']),
    errorCount: Number(r['errs']),
    errorCodes: strings(r['error_codes']),
    firstEventTime: toIso(Number(r['first_ms'])),
    lastEventTime: toIso(Number(r['last_ms'])),
    sampleEventIds: strings(r['event_ids']),
    sourceIps: strings(r['source_ips']),
    userAgents: strings(r['user_agents']),
    regions: strings(r['regions']),
    callers: strings(r['callers']),
    futureCount: Number(r['future_cnt'] ?? 0),
  };
}

/** Drops the `filename` column DuckDB adds to records read one per line, and nulls it wrote for absent fields. */
function toRecord(json: string): CloudTrailRecord {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  delete parsed['filename'];
  return withoutNulls(parsed) as CloudTrailRecord;
}

/** Reads windows of one account from the staged `events` table. */
export class DuckActivitySource implements ActivitySource {
  constructor(
    private readonly duck: Duck,
    private readonly fileOf: (fid: number) => InputFile | undefined = () => undefined,
    /** Rows and candidates read at once; small in tests, to cut an account into many spans. */
    private readonly spanRows = SPAN_ROWS,
    /** Candidates an account needs before they are thinned ({@link THIN_FROM}; 0 in tests, to thin any account). */
    private readonly thinFrom = THIN_FROM,
  ) {}

  /**
   * Raw records of sample events, read back from their files: the files are looked up in the windows' folded
   * activity (kept on disk), not remembered for every sample handed out. Events read through the JS fallback
   * are read from its spooled copy.
   */
  async rawRecords(samples: readonly SampleRef[]): Promise<Map<string, CloudTrailRecord>> {
    const byFile = new Map<number, string[]>();
    const refs = [...new Map(samples.map((r) => [`${r.accountId}|${r.windowMs}|${r.eventId}`, r])).values()];
    for (let i = 0; i < refs.length; i += 200) {
      const result = await this.duck.connection.runAndReadAll(sampleFilesSql(refs.slice(i, i + 200)));
      for (const row of result.getRowObjectsJson()) {
        const fid = Number(row['fid']);
        if (this.fileOf(fid) !== undefined) pushTo(byFile, fid, String(row['id']));
      }
    }
    const out = new Map<string, CloudTrailRecord>();
    const groups = new Map<string, { paths: string[]; ids: string[] }>();
    for (const [fid, ids] of byFile) {
      const file = this.fileOf(fid)!;
      const g = groups.get(file.format) ?? { paths: [], ids: [] };
      g.paths.push(file.path);
      g.ids.push(...ids);
      groups.set(file.format, g);
    }
    for (const [format, g] of groups) {
      for (let i = 0; i < g.paths.length; i += 500) {
        const paths = g.paths.slice(i, i + 500);
        const result = await this.duck.connection.runAndReadAll(
          rawRecordsSql(paths, g.ids, format as InputFile['format'], this.duck.maxObjectBytes),
        );
        for (const row of result.getRowObjectsJson()) {
          const record = toRecord(String(row['record']));
          if (typeof record.eventID === 'string' && !out.has(record.eventID)) out.set(record.eventID, record);
        }
      }
    }
    return out;
  }

  /** The accounts in the staged events, in account order: first window start, last effective event time. */
  async accounts(): Promise<StagedAccount[]> {
    const result = await this.duck.connection.runAndReadAll(ACCOUNTS_SQL);
    return result.getRowObjectsJson().map((r) => ({
      accountId: String(r['account']),
      firstMs: Number(r['first_ms']),
      lastMs: Number(r['last_ms']),
      events: Number(r['n']),
    }));
  }

  /**
   * The number of distinct principals of each account (for the summary), in one query: one per account read every
   * batch's parts again (1.0 s for 30 accounts of the 120-account set).
   */
  async principalCounts(): Promise<Map<string, number>> {
    const r = await this.duck.connection.runAndReadAll(
      'SELECT account, count(DISTINCT pkey) AS n FROM parts GROUP BY account',
    );
    return new Map(r.getRowObjectsJson().map((row) => [String(row['account']), Number(row['n'])]));
  }

  /** Events per window and account (for the report's volume chart). */
  async volume(): Promise<Array<{ hour: string; accountId: string; events: number }>> {
    const r = await this.duck.connection.runAndReadAll(VOLUME_SQL);
    return r.getRowObjectsJson().map((row) => ({
      hour: toIso(Number(row['window_ms'])),
      accountId: String(row['account']),
      events: Number(row['n']),
    }));
  }

  async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
    const o: RangeSqlOptions = { accountId: query.accountId, windowMs: query.windowMs };
    // Windows are read in spans of about SPAN_ROWS rows and candidates: memory holds one span, not the account.
    const sizes = (await this.duck.connection.runAndReadAll(windowSizesSql(query.accountId))).getRowObjectsJson();
    const candidates = sizes.reduce((n, w) => n + Number(w['cands'] ?? 0), 0);
    const thinned =
      query.thin !== undefined &&
      query.candidates.length > 0 &&
      candidates > 0 &&
      candidates >= this.thinFrom &&
      (await this.thin(query.accountId, query.thin));
    const spans: WindowSpan[] = [];
    let from = 0;
    while (from < sizes.length) {
      let to = from;
      let rows = Number(sizes[from]?.['rows'] ?? 0);
      while (to + 1 < sizes.length && rows + Number(sizes[to + 1]?.['rows'] ?? 0) <= this.spanRows) {
        to += 1;
        rows += Number(sizes[to]?.['rows'] ?? 0);
      }
      spans.push({ fromMs: Number(sizes[from]?.['window_ms']), toMs: Number(sizes[to]?.['window_ms']) });
      from = to + 1;
    }
    // The next span's queries run in DuckDB's threads while the caller works through this span's windows.
    const start = (i: number): Promise<SpanRead> | null => {
      if (i >= spans.length) return null;
      const pending = this.read(query, o, spans[i]!, thinned);
      pending.catch(() => undefined); // awaited below; a caller that stops early must not leave it unhandled
      return pending;
    };
    let next = start(0);
    try {
      for (let i = 1; next !== null; i++) {
        const current = await next;
        next = start(i);
        yield* this.emit(query, current);
      }
    } finally {
      // A caller that stops early: the query still running ends before the connection serves anything else.
      await next?.catch(() => undefined);
    }
  }

  /**
   * Prepares the thinning of an account's candidates (engine/rules/window/thin.ts): one sample per key, the cut-offs
   * the rules give them written to `thin_cuts`, and the events they leave out to `thin_out` for the span queries.
   * False when no call is left out.
   */
  private async thin(accountId: string, request: ThinRequest): Promise<boolean> {
    const db = this.duck.connection;
    await db.run(thinKeysSql(accountId, request));
    try {
      const found = await db.runAndReadAll(thinSamplesSql(accountId, request));
      const samples: ThinSample[] = found.getRowObjectsJson().map((r) => ({
        key: String(r['k']),
        lastMs: Number(r['last_ms']),
        record: toRecord(String(r['record'])),
      }));
      if (samples.length === 0) return false;
      const cutoffs = [...(await request.cutoffs(samples))].filter(([, cut]) => cut > Number.NEGATIVE_INFINITY);
      if (cutoffs.length === 0) return false;
      await db.run(THIN_CUTS_SQL);
      // Through an appender, as the batch's files are (batch-files.ts): thousands of keys parse slowly as VALUES text.
      const appender = await db.createAppender('thin_cuts', 'main', 'temp');
      try {
        for (const [key, cut] of cutoffs) {
          appender.appendVarchar(key);
          appender.appendDouble(cut);
          appender.endRow();
        }
      } finally {
        appender.closeSync();
      }
      await db.run(THIN_OUT_SQL);
      return true;
    } finally {
      await db.run(DROP_THIN_KEYS_SQL);
    }
  }

  /** The rows and candidate records of one span, read in bulk: candidates kept as text, by window. */
  private async read(query: ActivityQuery, o: RangeSqlOptions, span: WindowSpan, thinned: boolean): Promise<SpanRead> {
    // Kept as text and parsed window by window: a span's records are not all alive at once (less V8 garbage).
    const candidates = new Map<number, string[]>();
    if (query.candidates.length > 0) {
      const found = await this.duck.connection.runAndReadAll(candidatesSql(o, span, thinned));
      for (const { windowMs, text } of orderCandidates(found.getColumns())) pushTo(candidates, windowMs, text);
    }
    const texts = (await this.duck.connection.runAndReadAll(activitySql(o, span))).getColumns()[0] ?? [];
    return { candidates, texts };
  }

  /** The windows of one span read. */
  private *emit(query: ActivityQuery, { candidates, texts }: SpanRead): Iterable<WindowActivity> {
    let current: { ms: number; rows: ActivityRow[] } | null = null;
    const windowOf = (w: { ms: number; rows: ActivityRow[] }): WindowActivity => ({
      accountId: query.accountId,
      window: { start: toIso(w.ms), end: toIso(w.ms + query.windowMs) },
      rows: w.rows,
      candidates: (candidates.get(w.ms) ?? []).map(toRecord),
    });
    for (const text of texts) {
      const r = JSON.parse(String(text)) as JsonRow;
      const ms = Number(r['window_ms']);
      if (current && current.ms !== ms) {
        yield windowOf(current);
        current = null;
      }
      current ??= { ms, rows: [] };
      current.rows.push(toRow(query.accountId, r));
    }
    if (current) yield windowOf(current);
  }
}
