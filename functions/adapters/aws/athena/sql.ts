/**
 * The one activity query per run: the events of the files CloudTrail delivered in (after, upTo], in one
 * scan of the delivery days (partition projection) and of only those files (ranges on the object name,
 * whose delivery stamp sorts). Per (window, principal, action, service-call) it returns the same columns
 * as the local DuckDB source: event-time windows aligned on the Unix epoch, events deduplicated by
 * eventID, events stamped later than now processed at now. The rules' candidate records ride inside
 * their group (a JSON array), so they cost no second scan.
 * @module
 */
import { type CandidateFilter, candidateSql, eventColumnsSql, MAX_CALLERS } from '../../../engine/activity/index.js';
import { type Dialect, EVENT_TIME_PATTERN } from '../../../engine/cloudtrail/index.js';
import { sqlDialect } from './dialect.js';
import { partitionDates } from './partitions.js';

/** Options of {@link activityQuerySql}. */
export interface ActivityQuerySqlOptions {
  dialect: Dialect;
  /** FROM clause: `"db"."table"` in Athena, a `read_json(...)` call in DuckDB. */
  from: string;
  /** Files delivered after this minute (epoch ms) and up to `upToMs`; null: unbounded. */
  afterMs: number | null;
  upToMs: number | null;
  windowMs: number;
  nowMs: number;
  candidates: CandidateFilter;
  samples: { eventIds: number; sourceIps: number; userAgents: number };
  /** Raw candidate records kept per group (the rest are counted). Default 200. */
  maxCandidatesPerGroup?: number;
  futureToleranceMs?: number;
  /** Partition pruning; omitted for sources without partitions (DuckDB over files). */
  partitions?: { dateColumn: string; regionColumn: string; regions?: readonly string[] };
  /**
   * Where the account's trail files are (`s3://bucket/prefix/AWSLogs/[o-x/]ACCOUNT/CloudTrail/`, or a local
   * folder) and its regions: with both, the query names the object-name ranges it reads, so the engine
   * skips every other file of the delivery days.
   */
  files?: { location: string; accountId: string; regions: readonly string[] };
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The WHERE predicate on partition columns: the delivery days of the range (and regions, if given). */
export function partitionPredicate(o: Pick<ActivityQuerySqlOptions, 'afterMs' | 'upToMs' | 'partitions'>): string {
  if (o.partitions === undefined || o.afterMs === null || o.upToMs === null) return 'true';
  const p = o.partitions;
  const dates = partitionDates(o.afterMs, o.upToMs).map(lit).join(', ');
  const parts = [`"${p.dateColumn}" IN (${dates})`];
  if (p.regions !== undefined && p.regions.length > 0)
    parts.push(`"${p.regionColumn}" IN (${p.regions.map(lit).join(', ')})`);
  return parts.join(' AND ');
}

/** `yyyymmddThhmm` of an epoch-ms time (the stamp CloudTrail puts in a delivery file's name). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '');
}

/**
 * Object-name ranges of the range's deliveries, one per region: `…/REGION/yyyy/MM/dd/ACCOUNT_CloudTrail_REGION_<stamp>Z_…`
 * sorts by delivery stamp within a region (across days too), so one range per region names exactly its files.
 */
export function pathPredicate(
  o: Pick<ActivityQuerySqlOptions, 'afterMs' | 'upToMs' | 'files'>,
  column: string,
): string {
  if (o.files === undefined || o.afterMs === null || o.upToMs === null || o.files.regions.length === 0) return 'true';
  const base = o.files.location.replace(/\/?$/, '/');
  const { accountId } = o.files;
  const name = (region: string, ms: number): string =>
    `${base}${region}/${new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/')}/${accountId}_CloudTrail_${region}_${stamp(ms)}Z~`;
  // '~' sorts after every character of the unique suffix: `> …<after>Z~` starts after the files of the
  // minute `after`, `< …<upTo>Z~` ends after the files of the minute `upTo`.
  const ranges = o.files.regions.map(
    (r) => `(${column} > ${lit(name(r, o.afterMs!))} AND ${column} < ${lit(name(r, o.upToMs!))})`,
  );
  return `(${ranges.join(' OR ')})`;
}

/** The activity SQL of one account's deliveries in the given dialect. */
export function activityQuerySql(o: ActivityQuerySqlOptions): string {
  const d = sqlDialect(o.dialect);
  const tolerance = o.futureToleranceMs ?? 15 * 60_000;
  const now = d.timeLiteral(o.nowMs);
  const w = Math.trunc(o.windowMs);
  const maxCandidates = o.maxCandidatesPerGroup ?? 200;
  const noId = d.md5(
    `concat_ws('|', eventtime, eventsource, eventname, sourceipaddress, useragent, requestid, useridentity.arn, CAST(requestparameters AS VARCHAR), CAST(responseelements AS VARCHAR))`,
  );
  const ordered = 'eff_time, event_id';
  const delivered = d.epochMs(d.deliveredAt('file_path'));
  const stampRange = [
    o.afterMs === null ? null : `${delivered} > ${Math.trunc(o.afterMs)}`,
    o.upToMs === null ? null : `${delivered} <= ${Math.trunc(o.upToMs)}`,
  ].filter((x): x is string => x !== null);

  return `WITH src AS (
  SELECT *, ${d.pathColumn} AS file_path,
    CASE WHEN ${d.matches('eventtime', EVENT_TIME_PATTERN)} THEN ${d.parseTime('eventtime')} END AS ts
  FROM ${o.from}
  WHERE ${partitionPredicate(o)} AND ${pathPredicate(o, d.pathColumn)}
),
flagged AS (
  SELECT *, coalesce(${d.epochMs('ts')} > ${o.nowMs + tolerance}
      OR ${d.epochMs('ts')} > ${delivered} + ${tolerance}, false) AS is_future
  FROM src
  WHERE ts IS NOT NULL AND nullif(eventname, '') IS NOT NULL${stampRange.map((p) => ` AND ${p}`).join('')}
),
ev AS (
  SELECT
    CASE WHEN nullif(eventid, '') IS NOT NULL THEN eventid ELSE 'noid:' || ${noId} END AS event_id,
    CASE WHEN ${d.epochMs('ts')} > ${o.nowMs + tolerance} THEN ${now} ELSE ts END AS eff_time,
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
)
SELECT
  window_ms, pkey, min(ptype) AS ptype, min(parn) AS parn, min(pname) AS pname, min(paccount) AS paccount,
  event_source, event_name, service_call,
  count(*) AS cnt,
  count(error_code) AS errs,
  ${d.arrayJson(d.distinctSorted('error_code', 5))} AS error_codes,
  ${d.epochMs('min(eff_time)')} AS first_ms,
  ${d.epochMs('max(eff_time)')} AS last_ms,
  ${d.arrayJson(d.slice(d.orderedAgg('event_id', ordered), o.samples.eventIds))} AS event_ids,
  ${d.arrayJson(d.distinctSorted('source_ip', o.samples.sourceIps))} AS source_ips,
  ${d.arrayJson(d.distinctSorted('user_agent', o.samples.userAgents))} AS user_agents,
  ${d.arrayJson(d.distinctSorted('region', 10))} AS regions,
  ${d.arrayJson(d.distinctSorted('caller', MAX_CALLERS))} AS callers,
  count(CASE WHEN future THEN 1 END) AS future_cnt,
  count(candidate) AS candidate_cnt,
  ${d.arrayJson(d.slice(`${d.orderedAgg('candidate', ordered)} FILTER (WHERE candidate IS NOT NULL)`, maxCandidates))} AS candidates
FROM ranged
WHERE copy = 1
GROUP BY window_ms, pkey, event_source, event_name, service_call
ORDER BY window_ms, pkey, event_source, event_name, service_call NULLS FIRST`;
}
