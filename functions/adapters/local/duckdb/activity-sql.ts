/**
 * Queries over the folded activity: the rows of one account's windows, and its candidate records.
 * Windows are aligned on the Unix epoch (as in the Athena adapter and the JavaScript reference). What
 * was staged is the run: the scan stages only the files delivered since the account's checkpoint.
 * @module
 */
import { recordTextSql, type StagedFormat } from './batch-files.js';
import { sqlString } from './connection.js';
import { compareCodePoints } from '../../../engine/collections.js';
import { candidateSql, PREFILTER_FIELDS, type ThinRequest } from '../../../engine/activity/index.js';
import { Dialect } from '../../../engine/cloudtrail/index.js';

export interface RangeSqlOptions {
  accountId: string;
  windowMs: number;
}

/** Window starts (epoch ms) of one span of an account's windows, both ends included. */
export interface WindowSpan {
  fromMs: number;
  toMs: number;
}

function rangeFilter(o: RangeSqlOptions, span: WindowSpan): string {
  return `account = ${sqlString(o.accountId)} AND window_ms BETWEEN ${Math.trunc(span.fromMs)} AND ${Math.trunc(span.toMs)}`;
}

/**
 * The windows of one account with their rows and candidates together (`rows`, to read them in spans) and their
 * candidates (`cands`), in order: counted at staging (`window_counts`), so that no candidate record is read to size
 * the spans.
 */
export function windowSizesSql(accountId: string): string {
  return `SELECT window_ms, rows + cand_cnt AS rows, cand_cnt AS cands FROM window_counts WHERE account = ${sqlString(accountId)} ORDER BY window_ms`;
}

/**
 * Distinct (principal, action, service-call) rows of one span of an account's windows, ordered by window,
 * each as one JSON text (read in bulk and parsed by V8, far cheaper than converting value by value).
 */
export function activitySql(o: RangeSqlOptions, span: WindowSpan): string {
  return `SELECT to_json(struct_pack(window_ms, pkey, ptype, parn, pname, paccount, event_source, event_name, service_call,
  cnt, errs, error_codes, first_ms := epoch_ms(first_t), last_ms := epoch_ms(last_t),
  event_ids := list_transform(samples, x -> x.id), source_ips, user_agents, regions, future_cnt,
  callers))::VARCHAR AS row
FROM activity
WHERE ${rangeFilter(o, span)}
ORDER BY window_ms, pkey, event_source, event_name, service_call NULLS FIRST`;
}

/** What a span query and the samples need of a thinning: its key paths and the thinnable rules' prefilter. */
export type ThinSql = Pick<ThinRequest, 'paths' | 'filter'>;

/**
 * The candidates matching `where`, each with its key (`k`: the JSON values of the thinning's paths, types kept:
 * `"5"` is not `5`) and whether a thinnable rule's prefilter fetches it (`thinnable`), read from the key's values as
 * staging reads the record's. Only thinnable candidates are sampled and cut: the samples stay as few as the
 * thinnable rules' combinations, not as many as every candidate's.
 */
function keyedCandidatesSql(where: string, thin: ThinSql): string {
  // The prefilter's values as strings (`kv`, in PREFILTER_FIELDS' order), from the key itself (a few hundred bytes),
  // not from the record again.
  const inKey = PREFILTER_FIELDS.map(([path]) => {
    const i = thin.paths.indexOf(path);
    if (i < 0) throw new Error(`thinning key without ${path}`);
    return `'$[${i}]'`;
  });
  const kvIndex = new Map(PREFILTER_FIELDS.map(([path], i) => [path, i + 1]));
  const value = (path: string): string => `kv[${kvIndex.get(path)}]`;
  const top = PREFILTER_FIELDS.filter(([, column]) => !column.includes('.'));
  const identity = PREFILTER_FIELDS.filter(([, column]) => column.startsWith('useridentity.'));
  const strings = `json_extract_string(k, [${inKey.join(', ')}])`;
  return `SELECT * EXCLUDE (kv, ${[...top.map(([, c]) => c), 'useridentity'].join(', ')}),
  coalesce(${candidateSql(thin.filter, Dialect.DuckDB)}, false) AS thinnable
FROM (
  SELECT *, ${top.map(([path, column]) => `${value(path)} AS ${column}`).join(', ')},
    struct_pack(${identity.map(([path, column]) => `${column.slice('useridentity.'.length)} := ${value(path)}`).join(', ')}) AS useridentity
  FROM (
    SELECT *, ${strings} AS kv
    FROM (SELECT *, to_json(json_extract(candidate, [${thin.paths.map(sqlString).join(', ')}]))::VARCHAR AS k FROM candidates WHERE ${where})
  )
)`;
}

/**
 * Raw candidate records of one span of an account's windows, as stored: duplicates included, in no order. The
 * reader keeps one per event and orders them ({@link orderCandidates}): sorted and de-duplicated in the query, every
 * record's text went through the sort (290,385 candidates in 32 spans: 4.05-4.12 s against 3.63-3.77 s, with the
 * conversion to JavaScript that dominates both).
 *
 * Thinned (engine/rules/window/thin.ts): the events in `thin_out` ({@link THIN_OUT_SQL}) are left out.
 */
export function candidatesSql(o: RangeSqlOptions, span: WindowSpan, thinned = false): string {
  const columns = 'window_ms::DOUBLE AS w, epoch_us(event_time)::DOUBLE AS t, event_id, h, candidate';
  const where = rangeFilter(o, span);
  return `SELECT ${columns} FROM candidates WHERE ${where}${thinned ? ' AND h NOT IN (SELECT h FROM thin_out)' : ''}`;
}

/**
 * Every candidate of an account with the hash of its key (`thin_keys`: `k` is the MD5 of the key's text, 128 bits): the
 * account's records are parsed for their keys once, and the samples and the events left out are read from these rows.
 */
export function thinKeysSql(accountId: string, thin: ThinSql): string {
  return `CREATE OR REPLACE TEMP TABLE thin_keys AS
SELECT h, md5(k) AS k, event_time, thinnable FROM (${keyedCandidatesSql(`account = ${sqlString(accountId)}`, thin)})`;
}

/**
 * One sample per key of an account's thinnable candidates in `thin_keys` (engine/rules/window/thin.ts): the earliest
 * call and the latest call's time (epoch ms). Only the samples' records are read again, each the copy of its event
 * that has its key.
 */
export function thinSamplesSql(accountId: string, thin: ThinSql): string {
  return `WITH s AS (
  SELECT k, epoch_ms(max(event_time))::DOUBLE AS last_ms, arg_min(h, event_time) AS h FROM thin_keys WHERE thinnable GROUP BY k
)
SELECT k, last_ms, record FROM s JOIN (
  SELECT h, md5(k) AS k, arg_min(candidate, event_time) AS record
  FROM (${keyedCandidatesSql(`account = ${sqlString(accountId)} AND h IN (SELECT h FROM s)`, thin)})
  GROUP BY ALL
) USING (h, k)`;
}

/** The cut-offs (epoch ms) of the keys that leave calls out, filled by the source before the spans are read. */
export const THIN_CUTS_SQL = 'CREATE OR REPLACE TEMP TABLE thin_cuts (k VARCHAR, cut DOUBLE)';

/**
 * The account's events the span queries leave out (`thin_out`): thinnable calls before their key's cut-off in
 * `thin_cuts`, an event only when every copy of it is (copies share the account, the event id and so the window).
 * Reckoned once for the account from `thin_keys`, so a span reads its candidates without parsing them.
 */
export const THIN_OUT_SQL = `CREATE OR REPLACE TEMP TABLE thin_out AS
SELECT h FROM thin_keys LEFT JOIN thin_cuts USING (k)
GROUP BY h HAVING bool_and(thinnable AND coalesce(epoch_ms(event_time) < cut, false))`;

/** Drops the account's keys and cut-offs once its events left out are known. */
export const DROP_THIN_KEYS_SQL = 'DROP TABLE IF EXISTS thin_keys; DROP TABLE IF EXISTS thin_cuts';

/** The columns of {@link candidatesSql}, as the DuckDB client returns them. */
export type CandidateColumns = readonly (readonly unknown[])[];

/**
 * The candidate records of {@link candidatesSql}'s columns, one per event hash (the earliest; of two as early, the
 * smaller text), ordered by window, event time and event id (ids in code point order, as DuckDB orders them).
 */
export function orderCandidates(columns: CandidateColumns): Array<{ windowMs: number; text: string }> {
  const [w = [], t = [], id = [], h = [], text = []] = columns;
  const time = (i: number): number => Number(t[i]);
  const body = (i: number): string => String(text[i]);
  const kept = new Map<unknown, number>();
  for (let i = 0; i < w.length; i++) {
    const j = kept.get(h[i]);
    if (j === undefined || time(i) < time(j) || (time(i) === time(j) && compareCodePoints(body(i), body(j)) < 0))
      kept.set(h[i], i);
  }
  return [...kept.values()]
    .sort((a, b) => Number(w[a]) - Number(w[b]) || time(a) - time(b) || compareCodePoints(String(id[a]), String(id[b])))
    .map((i) => ({ windowMs: Number(w[i]), text: body(i) }));
}

/** Per account: first window, last effective event time, events. */
export const ACCOUNTS_SQL = `SELECT account, min(window_ms) AS first_ms, epoch_ms(max(last_eff)) AS last_ms, sum(cnt) AS n
FROM window_counts GROUP BY account ORDER BY account`;

/** Events per window start and account (the report's volume chart). */
export const VOLUME_SQL = `SELECT window_ms, account, cnt AS n FROM window_counts ORDER BY window_ms, account`;

/** A sample event of a finding: its account, window start (epoch ms) and event id. */
export interface SampleRef {
  accountId: string;
  windowMs: number;
  eventId: string;
}

/**
 * The file of each sample event, from the folded activity of its window (the last file when a duplicate came in
 * several): one row per event id found.
 */
export function sampleFilesSql(refs: readonly SampleRef[]): string {
  const windows = [
    ...new Set(refs.map((r) => `(account = ${sqlString(r.accountId)} AND window_ms = ${Math.trunc(r.windowMs)})`)),
  ];
  const ids = [...new Set(refs.map((r) => sqlString(r.eventId)))];
  return `SELECT s.id AS id, max(s.fid) AS fid
FROM (SELECT unnest(samples) AS s FROM parts WHERE ${windows.join(' OR ') || 'false'})
WHERE s.id IN (${ids.join(', ') || 'NULL'}) GROUP BY s.id`;
}

/** Reads the raw records of the given events back from their files, as written (evidence for first-seen findings). */
export function rawRecordsSql(
  paths: readonly string[],
  eventIds: readonly string[],
  format: StagedFormat,
  maxObjectBytes: number,
): string {
  const files = `[${paths.map(sqlString).join(', ')}]`;
  const ids = eventIds.map(sqlString).join(', ');
  const source = recordTextSql(format, files, { maxObjectBytes, ignoreErrors: true });
  return `SELECT r AS record FROM (${source}) WHERE json_extract_string(r, '$.eventID') IN (${ids})`;
}
