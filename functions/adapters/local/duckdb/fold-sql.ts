/**
 * Folds one staged batch into compact per-window activity parts, so memory grows with the number of
 * distinct (account, window, principal, action) rows and not with the number of events. Duplicates
 * (same account and eventID, possibly in different batches) are counted once through the hashes the
 * parts keep, merged when the activity table is built.
 * @module
 */

/** Files the JavaScript reader must redo: a corrupt line DuckDB skipped, or a file not in the shape assumed. */
export const SUSPECT_FILES_SQL = `SELECT DISTINCT fid FROM batch WHERE problem IN ('invalid-json', 'not-delivery-format')`;

/** Statements that fold the `batch` table into problems, candidates and parts, then drop it. */
export const FOLD_BATCH_SQL = [
  `INSERT INTO problems SELECT fid, problem, count(*) FROM batch WHERE problem IS NOT NULL GROUP BY ALL`,
  `INSERT INTO candidates SELECT account, window_ms, event_time, event_id, h, candidate FROM batch WHERE problem IS NULL AND candidate IS NOT NULL`,
  `INSERT INTO parts
   SELECT account, window_ms, pkey, min(ptype), min(parn), min(pname), min(paccount), event_source, event_name, service_call,
     count(*), list(DISTINCT h), list(DISTINCT h) FILTER (WHERE error_code IS NOT NULL), list(DISTINCT h) FILTER (WHERE future),
     list(DISTINCT error_code) FILTER (WHERE error_code IS NOT NULL),
     min(event_time), max(event_time), max(eff_time),
     min_by(struct_pack(t := event_time, id := event_id, fid := fid), struct_pack(t := event_time, id := event_id, fid := fid), 10),
     list_sort(list(DISTINCT source_ip) FILTER (WHERE source_ip IS NOT NULL))[1:10],
     list_sort(list(DISTINCT user_agent) FILTER (WHERE user_agent IS NOT NULL))[1:10],
     list_sort(list(DISTINCT region))[1:10]
   FROM batch WHERE problem IS NULL
   GROUP BY account, window_ms, pkey, event_source, event_name, service_call`,
  `DROP TABLE batch`,
];

/** Merges the parts into `activity` (one row per account, window, principal, action, service call). */
export const MERGE_PARTS_SQL = [
  `CREATE OR REPLACE TABLE activity AS
   SELECT account, window_ms, pkey, min(ptype) AS ptype, min(parn) AS parn, min(pname) AS pname, min(paccount) AS paccount,
     event_source, event_name, service_call,
     len(list_distinct(flatten(list(hs)))) AS cnt,
     sum(n) AS raw_cnt,
     len(list_distinct(flatten(list(coalesce(ehs, []))))) AS errs,
     len(list_distinct(flatten(list(coalesce(fhs, []))))) AS future_cnt,
     list_sort(list_distinct(flatten(list(coalesce(error_codes, [])))))[1:5] AS error_codes,
     min(first_t) AS first_t, max(last_t) AS last_t, max(last_eff) AS last_eff,
     list_sort(list_distinct(flatten(list(samples))))[1:10] AS samples,
     list_sort(list_distinct(flatten(list(source_ips))))[1:10] AS source_ips,
     list_sort(list_distinct(flatten(list(user_agents))))[1:10] AS user_agents,
     list_sort(list_distinct(flatten(list(regions))))[1:10] AS regions
   FROM parts
   GROUP BY account, window_ms, pkey, event_source, event_name, service_call`,
  `DROP TABLE parts`,
  `CREATE OR REPLACE TABLE candidates AS SELECT DISTINCT ON (h) * FROM candidates ORDER BY h, event_time`,
];
