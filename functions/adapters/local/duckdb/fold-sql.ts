/**
 * Folds one staged batch into compact per-window activity parts, so memory grows with the number of
 * distinct (account, window, principal, action) rows and not with the number of events. Duplicates
 * (same account and eventID, possibly in different batches) are counted once through the hashes the
 * parts keep, merged when the activity table is built.
 * @module
 */
import { MAX_CALLERS, callerSql } from '../../../engine/activity/index.js';

/**
 * The callers of a group, computed once per distinct (address, endpoint, user agent) of the group instead of
 * once per record (the caller expression was the costliest per-record column: 0.5 s per 84k records).
 */
const CALLERS = `list_sort(list_distinct(list_transform(
       list(DISTINCT struct_pack(ip := source_ip, vpce := vpcendpointid, ua := user_agent)),
       x -> ${callerSql('x.ip', 'x.vpce', 'x.ua')})))[1:${MAX_CALLERS}]`;

/**
 * The aggregation that folds the records of a batch into parts as they are read (no per-record table):
 * valid records grouped per (account, window, principal, action, service call) with their candidate
 * records in a list; malformed records grouped per (file, problem) to be counted and reported.
 */
export const FOLD_SELECT = `SELECT account, window_ms, pkey, min(ptype), min(parn), min(pname), min(paccount), event_source, event_name, service_call,
     count(*), list(DISTINCT h), list(DISTINCT h) FILTER (WHERE error_code IS NOT NULL), list(DISTINCT h) FILTER (WHERE future),
     list(DISTINCT error_code) FILTER (WHERE error_code IS NOT NULL),
     min(eff_time), max(eff_time), max(eff_time),
     min_by(struct_pack(t := event_time, id := event_id, fid := fid), struct_pack(t := event_time, id := event_id, fid := fid), 10),
     list_sort(list(DISTINCT source_ip) FILTER (WHERE source_ip IS NOT NULL))[1:10],
     list_sort(list(DISTINCT user_agent) FILTER (WHERE user_agent IS NOT NULL))[1:10],
     list_sort(list(DISTINCT region))[1:10],
     problem, pfid,
     list(struct_pack(t := eff_time, id := event_id, h := h, c := candidate)) FILTER (WHERE candidate IS NOT NULL),
     count(*) FILTER (WHERE cut),
     ${CALLERS}
   FROM b
   GROUP BY account, window_ms, pkey, event_source, event_name, service_call, problem, pfid`;

/** Files the JavaScript reader must redo: not in the shape assumed (a corrupt line is counted by DuckDB itself, exactly). */
export const SUSPECT_FILES_SQL = `SELECT DISTINCT pfid AS fid FROM parts WHERE problem = 'not-delivery-format'`;

/** Drops what suspect files left in the parts (the JS reader reports them instead). */
export function dropSuspectsSql(fids: readonly number[]): string {
  return `DELETE FROM parts WHERE problem = 'not-delivery-format' AND pfid IN (${fids.join(', ')})`;
}

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
     list_sort(list_distinct(flatten(list(regions))))[1:10] AS regions,
     sum(cuts) AS cut_cnt,
     list_sort(list_distinct(flatten(list(coalesce(callers, [])))))[1:${MAX_CALLERS}] AS callers
   FROM parts WHERE problem IS NULL
   GROUP BY account, window_ms, pkey, event_source, event_name, service_call`,
  `CREATE OR REPLACE TABLE problems AS SELECT pfid AS fid, problem, sum(n) AS n FROM parts WHERE problem IS NOT NULL GROUP BY ALL`,
  `CREATE OR REPLACE TABLE candidates AS
   SELECT DISTINCT ON (c.h) account, window_ms, c.t AS event_time, c.id AS event_id, c.h AS h, c.c AS candidate
   FROM (SELECT account, window_ms, unnest(cands) AS c FROM parts WHERE problem IS NULL AND cands IS NOT NULL)
   ORDER BY c.h, c.t`,
  `DROP TABLE parts`,
];
