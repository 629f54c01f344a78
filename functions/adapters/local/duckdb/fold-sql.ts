/**
 * Folds one staged batch into compact per-window activity parts, spilled to a Parquet file per batch, so
 * memory holds one batch and one span of windows, not the run. Duplicates (same account and eventID,
 * possibly in different batches) are counted once through the hashes the parts keep, merged when the
 * `activity` view folds them.
 * @module
 */
import { MAX_CALLERS, ROW_SAMPLES, callerSql } from '../../../engine/activity/index.js';
import { sqlString } from './connection.js';
import {
  IDENTITY_AGGREGATES,
  IDENTITY_COLUMNS_OF_FOLD,
  IDENTITY_FOLD_COLUMNS,
  PRINCIPAL_OF_IDENTITY,
  USER_IDENTITY_STRUCT,
} from './identity-sql.js';

/**
 * The columns of the folded activity parts: what each batch spills, per account, window, identity and action, with
 * the identity's principal (a principal's sessions may be several parts; the `activity` view folds them).
 */
export const PARTS_COLUMNS = `account VARCHAR, window_ms BIGINT, pkey VARCHAR, ptype VARCHAR, parn VARCHAR, pname VARCHAR, paccount VARCHAR,
  event_source VARCHAR, event_name VARCHAR, service_call VARCHAR,
  n BIGINT, hs UBIGINT[], ehs UBIGINT[], fhs UBIGINT[], error_codes VARCHAR[],
  first_t TIMESTAMP, last_t TIMESTAMP, last_eff TIMESTAMP,
  samples STRUCT(t TIMESTAMP, id VARCHAR, fid INTEGER)[], source_ips VARCHAR[], user_agents VARCHAR[], regions VARCHAR[],
  cuts BIGINT, callers VARCHAR[], ncands BIGINT`;

/**
 * The distinct (address, VPC endpoint, user agent) of a group: one aggregate from which the group's addresses,
 * user agents and callers are all derived (a distinct list per column cost 8% of a batch more).
 */
const CONNECTIONS = 'list(DISTINCT struct_pack(ip := source_ip, vpce := vpcendpointid, ua := user_agent))';

/** The first of one field of the group's connections, distinct and sorted (NULLs left out), as many as a row shows. */
const connectionField = (field: 'ip' | 'ua', keep: number): string =>
  `list_sort(list_distinct(list_filter(list_transform(${CONNECTIONS}, x -> x.${field}), x -> x IS NOT NULL)))[1:${keep}]`;

/**
 * A part's sample events: the earliest by effective time and id, as the other sources order them, with their file.
 * Twice as many as a row shows: a row's first are among its parts' first, and one event delivered twice (an
 * organization trail beside an account trail) takes two places in a part, once per file.
 */
const SAMPLE = 'struct_pack(t := eff_time, id := event_id, fid := fid)';
const SAMPLES_KEPT = 2 * ROW_SAMPLES.eventIds;

/**
 * The callers of a group, computed once per distinct connection of the group instead of once per record (the
 * caller expression was the costliest per-record column: 0.5 s per 84k records).
 */
const CALLERS = `list_sort(list_distinct(list_transform(${CONNECTIONS}, x -> ${callerSql('x.ip', 'x.vpce', 'x.ua')})))[1:${MAX_CALLERS}]`;

/**
 * The aggregation that folds the records of a batch into parts as they are read (no per-record table):
 * valid records grouped per (account, window, identity, action, service call) with their candidate
 * records in a list; malformed records grouped per (file, problem) to be counted and reported. The identity
 * is the hash of the raw fields the principal is derived from (identity-sql.ts), derived at spill. Event
 * hashes are listed as they come: duplicates are rare, and every reader of the parts counts distinct hashes.
 */
export const FOLD_SELECT = `SELECT account, window_ms, ikey, ${IDENTITY_AGGREGATES}, event_source, event_name, service_call,
     count(*) AS n, list(h) AS hs, list(h) FILTER (WHERE error_code IS NOT NULL) AS ehs,
     list(h) FILTER (WHERE future) AS fhs,
     list(DISTINCT error_code) FILTER (WHERE error_code IS NOT NULL) AS error_codes,
     min(eff_time) AS first_t, max(eff_time) AS last_t, max(eff_time) AS last_eff,
     min_by(${SAMPLE}, ${SAMPLE}, ${SAMPLES_KEPT}) AS samples,
     ${connectionField('ip', ROW_SAMPLES.sourceIps)} AS source_ips,
     ${connectionField('ua', ROW_SAMPLES.userAgents)} AS user_agents,
     list_sort(list(DISTINCT region))[1:10] AS regions,
     problem, pfid,
     list(struct_pack(t := eff_time, id := event_id, h := h, c := candidate)) FILTER (WHERE candidate IS NOT NULL) AS cands,
     count(*) FILTER (WHERE cut) AS cuts,
     ${CALLERS} AS callers,
     count(candidate) AS ncands
   FROM b
   GROUP BY account, window_ms, ikey, event_source, event_name, service_call, problem, pfid`;

/** The spilled batch files, as one relation. */
const filesOf = (paths: readonly string[]): string => `read_parquet([${paths.map(sqlString).join(', ')}])`;

/**
 * Writes what one batch folded to a Parquet file, as the fold gives it (one statement, no table in between): the parts
 * with their identity (see identity-sql.ts) and their candidate records, and the problem rows. The parts of the run
 * live on disk, not in memory; the `parts` and `candidates` views read them back one span at a time. Materialising the
 * batch in a table first and writing parts and candidates from it kept a second copy of every candidate record at the
 * batch's peak (see docs/performance.md, seventh pass). Compressed with DuckDB's default (Snappy): zstd made the
 * 120-account set's staging 165 s instead of 134 s, for a smaller temp folder.
 */
export function spillBatchSql(fold: string, path: string): string {
  return `COPY (${fold}) TO ${sqlString(path)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`;
}

/**
 * What memory keeps of a batch's file once it is written:
 * - the problem rows (records files could not give, per file and problem);
 * - the principal of each identity not met before (`principals`, one row per identity key). The principal is derived
 *   once per identity of the run, not once per part: on the parts its expressions (a dozen regular expressions a
 *   row) took a sixth of a batch's time. The key is the 64-bit hash the fold groups by: two identities of the run
 *   would have to collide, as two events of a batch already would to count once.
 */
export function keepFromBatchSql(path: string): string[] {
  const file = `read_parquet(${sqlString(path)})`;
  return [
    `INSERT INTO problem_parts SELECT problem, pfid, sum(n) FROM ${file} WHERE problem IS NOT NULL GROUP BY ALL`,
    `INSERT INTO principals SELECT ikey, ${PRINCIPAL_OF_IDENTITY}
    FROM (SELECT *, ${USER_IDENTITY_STRUCT} AS useridentity FROM (
      SELECT DISTINCT ON (ikey) ikey, ${IDENTITY_COLUMNS_OF_FOLD} FROM ${file}
      WHERE problem IS NULL AND ikey NOT IN (SELECT ikey FROM principals)))`,
  ];
}

/**
 * What staging checks in a batch's file before keeping it: the candidate records it holds (every copy), and the
 * files not in the shape assumed (`suspects`: an object without a `Records` array in a file read as deliveries,
 * such as a .json.gz named like CloudTrail's that holds one record per line).
 */
export function batchCheckSql(path: string): string {
  return `SELECT coalesce(sum(ncands) FILTER (WHERE problem IS NULL), 0) AS cands,
    coalesce(list(DISTINCT pfid) FILTER (WHERE problem = 'not-delivery-format'), []) AS suspects
  FROM read_parquet(${sqlString(path)})`;
}

/** The records files could not give, per file id and problem (the caller names the files). */
export const PROBLEMS_SQL = 'SELECT fid, problem, sum(n) AS n FROM problems GROUP BY ALL';

/**
 * The columns of one activity row, folded from its parts (one row per account, window, principal, action, service call).
 * Its samples are one per event: the copies of a duplicate differ only by their file.
 */
const ACTIVITY_COLUMNS = `account, window_ms, pkey, min(ptype) AS ptype, min(parn) AS parn, min(pname) AS pname, min(paccount) AS paccount,
     event_source, event_name, service_call,
     len(list_distinct(flatten(list(hs)))) AS cnt,
     sum(n) AS raw_cnt,
     len(list_distinct(flatten(list(coalesce(ehs, []))))) AS errs,
     len(list_distinct(flatten(list(coalesce(fhs, []))))) AS future_cnt,
     list_sort(list_distinct(flatten(list(coalesce(error_codes, [])))))[1:5] AS error_codes,
     min(first_t) AS first_t, max(last_t) AS last_t, max(last_eff) AS last_eff,
     list_sort(list_distinct(flatten(list(list_transform(samples, x -> struct_pack(t := x.t, id := x.id))))))[1:${ROW_SAMPLES.eventIds}] AS samples,
     list_sort(list_distinct(flatten(list(source_ips))))[1:${ROW_SAMPLES.sourceIps}] AS source_ips,
     list_sort(list_distinct(flatten(list(user_agents))))[1:${ROW_SAMPLES.userAgents}] AS user_agents,
     list_sort(list_distinct(flatten(list(regions))))[1:10] AS regions,
     sum(cuts) AS cut_cnt,
     list_sort(list_distinct(flatten(list(coalesce(callers, [])))))[1:${MAX_CALLERS}] AS callers`;

const ACTIVITY_GROUP = 'GROUP BY account, window_ms, pkey, event_source, event_name, service_call';

/**
 * After the last batch: `problems` per file, `parts` over the spilled files (an empty table when none was
 * written), and `activity` as a view that folds the parts of the rows a query asks for. The window loop asks
 * one span of one account at a time (the filter reaches the files' row groups below the grouping), so no query
 * ever folds the whole run at once: a single merge of every part into one table took a hash table of 1.5 GB at
 * 4.8M events. Per-window totals are folded in bounded chunks ({@link windowCountsSql}).
 */
export function mergePartsSql(paths: readonly string[]): string[] {
  return [
    `CREATE OR REPLACE TABLE problems AS SELECT pfid AS fid, problem, sum(n) AS n FROM problem_parts GROUP BY ALL`,
    paths.length === 0
      ? `CREATE OR REPLACE TABLE parts (${PARTS_COLUMNS})`
      : `CREATE OR REPLACE VIEW parts AS SELECT f.* EXCLUDE (cands, problem, pfid, ${IDENTITY_FOLD_COLUMNS}), p.* EXCLUDE (ikey)
        FROM ${filesOf(paths)} f JOIN principals p USING (ikey) WHERE problem IS NULL`,
    `CREATE OR REPLACE VIEW activity AS SELECT ${ACTIVITY_COLUMNS} FROM parts ${ACTIVITY_GROUP}`,
    `CREATE OR REPLACE TABLE window_counts (
     account VARCHAR, window_ms BIGINT, rows BIGINT, cnt BIGINT, raw_cnt BIGINT, future_cnt BIGINT, cut_cnt BIGINT, last_eff TIMESTAMP,
     cand_cnt BIGINT)`,
  ];
}

/** Parts per window, in window order (to fold the totals in chunks of bounded size). */
export const PARTS_PER_WINDOW_SQL = 'SELECT window_ms, count(*) AS n FROM parts GROUP BY window_ms ORDER BY window_ms';

/**
 * The totals of the windows from `fromMs` to `toMs` (inclusive), per account and window: activity rows, distinct
 * and raw events, future-stamped and cut events, the latest effective time, and the candidate records stored (every
 * copy: what a span query reads). Duplicates count once, as in `activity`.
 */
export function windowCountsSql(fromMs: number, toMs: number): string {
  return `INSERT INTO window_counts
   SELECT account, window_ms, count(*), sum(cnt), sum(raw_cnt), sum(future_cnt), sum(cut_cnt), max(last_eff), sum(ncands)
   FROM (
     SELECT account, window_ms, len(list_distinct(flatten(list(hs)))) AS cnt, sum(n) AS raw_cnt,
       len(list_distinct(flatten(list(coalesce(fhs, []))))) AS future_cnt, sum(cuts) AS cut_cnt, max(last_eff) AS last_eff,
       sum(ncands) AS ncands
     FROM parts WHERE window_ms BETWEEN ${Math.trunc(fromMs)} AND ${Math.trunc(toMs)}
     ${ACTIVITY_GROUP}
   ) GROUP BY account, window_ms`;
}

/**
 * The candidate records of the run, as the window loop and the evidence read them: the lists of the spilled batch
 * files' parts (an empty table when no file was written). Duplicates (same account and eventID in two files) are
 * still there: readers keep one per hash, the earliest ({@link candidateRowsSql}).
 */
export function candidatesViewSql(paths: readonly string[]): string {
  if (paths.length === 0) {
    return `CREATE OR REPLACE TABLE candidates (account VARCHAR, window_ms BIGINT, event_time TIMESTAMP, event_id VARCHAR, h UBIGINT, candidate VARCHAR)`;
  }
  return `CREATE OR REPLACE VIEW candidates AS
    SELECT account, window_ms, x.t AS event_time, x.id AS event_id, x.h AS h, x.c AS candidate
    FROM (SELECT account, window_ms, unnest(cands) AS x FROM ${filesOf(paths)} WHERE problem IS NULL AND cands IS NOT NULL)`;
}

/** Distinct candidate records (one per hash, the earliest) of the `candidates` matching `where`. */
export function candidateRowsSql(where: string): string {
  return `SELECT DISTINCT ON (h) * FROM candidates WHERE ${where} ORDER BY h, event_time`;
}
