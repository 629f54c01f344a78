/**
 * The one activity query per run: every window of [from, to) of one account, in one scan of the
 * partitions the range touches. Per (window, principal, action, service-call) it returns the same
 * columns as the local DuckDB source (`adapters/local/duckdb/activity-sql.ts`): windows aligned on
 * the Unix epoch, events deduplicated by eventID, future-stamped events moved to their delivery time.
 * The rules' candidate records ride inside their group (a JSON array), so they cost no second scan.
 * @module
 */
import { candidateSql, eventColumnsSql, type CandidateFilter } from '../../../engine/activity/index.js';
import { EVENT_TIME_PATTERN, type Dialect } from '../../../engine/cloudtrail/index.js';
import { sqlDialect } from './dialect.js';
import { partitionDates } from './partitions.js';

/** Options of {@link activityQuerySql}. */
export interface ActivityQuerySqlOptions {
  dialect: Dialect;
  /** FROM clause: `"db"."table"` in Athena, a `read_json(...)` call in DuckDB. */
  from: string;
  fromMs: number;
  toMs: number;
  windowMs: number;
  nowMs: number;
  candidates: CandidateFilter;
  samples: { eventIds: number; sourceIps: number; userAgents: number };
  /** Raw candidate records kept per group (the rest are counted). Default 200. */
  maxCandidatesPerGroup?: number;
  futureToleranceMs?: number;
  /** Partition pruning; omitted for sources without partitions (DuckDB over files). */
  partitions?: { dateColumn: string; regionColumn: string; regions?: readonly string[]; deliverySlackMs: number };
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The WHERE predicate on partition columns: the delivery days of the range (and regions, if given). */
export function partitionPredicate(o: Pick<ActivityQuerySqlOptions, 'fromMs' | 'toMs' | 'partitions'>): string {
  if (o.partitions === undefined) return 'true';
  const p = o.partitions;
  const dates = partitionDates(o.fromMs, o.toMs, p.deliverySlackMs).map(lit).join(', ');
  const parts = [`"${p.dateColumn}" IN (${dates})`];
  if (p.regions !== undefined && p.regions.length > 0)
    parts.push(`"${p.regionColumn}" IN (${p.regions.map(lit).join(', ')})`);
  return parts.join(' AND ');
}

/** The activity SQL of one account over [from, to) in the given dialect. */
export function activityQuerySql(o: ActivityQuerySqlOptions): string {
  const d = sqlDialect(o.dialect);
  const tolerance = o.futureToleranceMs ?? 15 * 60_000;
  const now = d.timeLiteral(o.nowMs);
  const w = Math.trunc(o.windowMs);
  const maxCandidates = o.maxCandidatesPerGroup ?? 200;
  const noId = d.md5(
    `concat_ws('|', eventtime, eventsource, eventname, sourceipaddress, useragent, requestid, useridentity.arn, CAST(requestparameters AS VARCHAR), CAST(responseelements AS VARCHAR))`,
  );
  const ordered = 'event_time, event_id';

  return `WITH src AS (
  SELECT *, ${d.pathColumn} AS file_path,
    CASE WHEN ${d.matches('eventtime', EVENT_TIME_PATTERN)} THEN ${d.parseTime('eventtime')} END AS ts
  FROM ${o.from}
  WHERE ${partitionPredicate(o)}
),
flagged AS (
  SELECT *, coalesce(${d.epochMs('ts')} > ${o.nowMs + tolerance}
      OR ${d.epochMs('ts')} > ${d.epochMs(d.deliveredAt('file_path'))} + ${tolerance}, false) AS is_future
  FROM src
  WHERE ts IS NOT NULL AND nullif(eventname, '') IS NOT NULL
),
ev AS (
  SELECT
    CASE WHEN nullif(eventid, '') IS NOT NULL THEN eventid ELSE 'noid:' || ${noId} END AS event_id,
    ts AS event_time,
    CASE WHEN is_future THEN least(coalesce(${d.deliveredAt('file_path')}, ${now}), ${now}) ELSE ts END AS eff_time,
    file_path,
    ${eventColumnsSql()},
    is_future AS future,
    CASE WHEN ${candidateSql(o.candidates, o.dialect)} THEN ${d.recordJson()} END AS candidate
  FROM flagged
),
ranged AS (
  SELECT *, CAST(floor(CAST(${d.epochMs('eff_time')} AS DOUBLE) / ${w}) AS BIGINT) * ${w} AS window_ms,
    row_number() OVER (PARTITION BY event_id ORDER BY file_path) AS copy
  FROM ev
  WHERE eff_time >= ${d.timeLiteral(o.fromMs)} AND eff_time < ${d.timeLiteral(o.toMs)}
)
SELECT
  window_ms, pkey, min(ptype) AS ptype, min(parn) AS parn, min(pname) AS pname, min(paccount) AS paccount,
  event_source, event_name, service_call,
  count(*) AS cnt,
  count(error_code) AS errs,
  ${d.arrayJson(d.distinctSorted('error_code', 5))} AS error_codes,
  ${d.epochMs('min(event_time)')} AS first_ms,
  ${d.epochMs('max(event_time)')} AS last_ms,
  ${d.arrayJson(d.slice(d.orderedAgg('event_id', ordered), o.samples.eventIds))} AS event_ids,
  ${d.arrayJson(d.distinctSorted('source_ip', o.samples.sourceIps))} AS source_ips,
  ${d.arrayJson(d.distinctSorted('user_agent', o.samples.userAgents))} AS user_agents,
  ${d.arrayJson(d.distinctSorted('region', 10))} AS regions,
  count(CASE WHEN future THEN 1 END) AS future_cnt,
  count(candidate) AS candidate_cnt,
  ${d.arrayJson(d.slice(`${d.orderedAgg('candidate', ordered)} FILTER (WHERE candidate IS NOT NULL)`, maxCandidates))} AS candidates
FROM ranged
WHERE copy = 1
GROUP BY window_ms, pkey, event_source, event_name, service_call
ORDER BY window_ms, pkey, event_source, event_name, service_call NULLS FIRST`;
}
