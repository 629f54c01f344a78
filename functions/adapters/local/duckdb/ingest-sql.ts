/**
 * SQL that stages CloudTrail files into one DuckDB table: one row per record with the principal,
 * the action, evidence columns, a problem reason for malformed records, and the raw record (JSON)
 * only for the candidates the rules asked for.
 * @module
 */
import {
  CLOUDTRAIL_COLUMNS,
  Dialect,
  duckdbColumnsArgument,
  duckdbRecordType,
  principalSql,
  serviceCallSql,
} from '../../../engine/cloudtrail/index.js';
import { candidateSql, type CandidateFilter } from '../../../engine/activity/index.js';
import { sqlString } from './connection.js';

/** File formats DuckDB reads natively. */
export type StagedFormat = 'delivery' | 'array' | 'lines';

/** Creates the tables staging fills (idempotent): files, folded activity parts, problems, candidates. */
export const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS ct_files (
  fid INTEGER PRIMARY KEY, path VARCHAR, layout_account VARCHAR, delivered_at TIMESTAMP, source_path VARCHAR
);
CREATE TABLE IF NOT EXISTS parts (
  account VARCHAR, window_ms BIGINT, pkey VARCHAR, ptype VARCHAR, parn VARCHAR, pname VARCHAR, paccount VARCHAR,
  event_source VARCHAR, event_name VARCHAR, service_call VARCHAR,
  n BIGINT, hs UBIGINT[], ehs UBIGINT[], fhs UBIGINT[], error_codes VARCHAR[],
  first_t TIMESTAMP, last_t TIMESTAMP, last_eff TIMESTAMP,
  samples STRUCT(t TIMESTAMP, id VARCHAR, fid INTEGER)[], source_ips VARCHAR[], user_agents VARCHAR[], regions VARCHAR[]
);
CREATE TABLE IF NOT EXISTS problems (fid INTEGER, problem VARCHAR, n BIGINT);
CREATE TABLE IF NOT EXISTS candidates (account VARCHAR, window_ms BIGINT, event_time TIMESTAMP, event_id VARCHAR, h UBIGINT, candidate VARCHAR);`;

export interface IngestSqlOptions {
  format: StagedFormat;
  paths: readonly string[];
  candidates: CandidateFilter;
  /** Records larger than this (approximate serialized size) are reported as oversized. */
  maxRecordBytes: number;
  /** Largest JSON value DuckDB may parse: one delivery file is one value. */
  maximumObjectSize: number;
  /** Wall clock as epoch ms: events stamped later than this + tolerance are future-stamped. */
  nowMs: number;
  futureToleranceMs: number;
  /** Window length: events are folded per window at staging time. */
  windowMs: number;
}

function sourceSql(o: IngestSqlOptions): string {
  const files = `[${o.paths.map(sqlString).join(', ')}]`;
  const common = `filename=true, maximum_object_size=${o.maximumObjectSize}`;
  if (o.format === 'delivery') {
    return `SELECT f.fid, j.Records IS NULL AS no_records, unnest(coalesce(j.Records, [NULL])) AS rec
      FROM read_json(${files}, format='unstructured', columns={'Records': ${sqlString(`${duckdbRecordType()}[]`)}}, ${common}) j
      JOIN ct_files f ON f.path = j.filename`;
  }
  const format = o.format === 'lines' ? "format='newline_delimited', ignore_errors=true" : "format='array'";
  return `SELECT f.fid, false AS no_records, j AS rec
    FROM read_json(${files}, ${format}, columns=${duckdbColumnsArgument()}, ${common}) j
    JOIN ct_files f ON f.path = j.filename`;
}

/**
 * The shape checks of EVENT_TIME_PATTERN that DuckDB's cast does not make itself (it accepts a bare date
 * and 24:00:00), written with cheap string functions instead of a regular expression per record.
 */
function eventTimeShapeSql(col: string): string {
  return `(length(${col}) BETWEEN 19 AND 35 AND substr(${col}, 5, 1) = '-' AND substr(${col}, 8, 1) = '-'
    AND substr(${col}, 11, 1) IN ('T', ' ') AND substr(${col}, 14, 1) = ':' AND substr(${col}, 17, 1) = ':'
    AND substr(${col}, 12, 2) < '24' AND substr(${col}, 15, 1) < '6' AND substr(${col}, 18, 1) < '6')`;
}

/** Approximate record size: the sum of the text of every column (JSON columns are stored as text). */
function sizeSql(): string {
  const parts = CLOUDTRAIL_COLUMNS.filter((c) => c.fields === undefined).map((c) => `coalesce(strlen("${c.name}"::VARCHAR), 0)`);
  return parts.join(' + ');
}

/** Reads one batch of files of one format into the temporary table `batch`, one row per record. */
export function batchSql(o: IngestSqlOptions): string {
  const p = principalSql('useridentity', 'eventsource', 'sourceipaddress');
  const allNull = CLOUDTRAIL_COLUMNS.slice(0, 6).map((c) => `"${c.name}" IS NULL`).join(' AND ');
  const now = `make_timestamp(${Math.trunc(o.nowMs) * 1000}::BIGINT)`;
  const future = `ts > ${now} + to_milliseconds(${Math.trunc(o.futureToleranceMs)})
      OR (f.delivered_at IS NOT NULL AND ts > f.delivered_at + to_milliseconds(${Math.trunc(o.futureToleranceMs)}))`;
  const w = Math.trunc(o.windowMs) * 1000;
  return `CREATE OR REPLACE TEMP TABLE batch AS
WITH src AS (${sourceSql(o)}),
cols AS (SELECT fid, no_records, rec, unnest(rec) FROM src),
t AS (
  SELECT *, make_timestamp(epoch_us(TRY_CAST(CASE WHEN ${eventTimeShapeSql('eventTime')} THEN eventTime END AS TIMESTAMPTZ))) AS ts
  FROM cols
),
c AS (
  SELECT t.*, f.layout_account, f.delivered_at,
    CASE
      WHEN no_records THEN 'not-delivery-format'
      WHEN rec IS NULL THEN 'not-an-object'
      WHEN ${allNull} THEN 'invalid-json'
      WHEN nullif(eventTime, '') IS NULL THEN 'missing-eventTime'
      WHEN nullif(eventName, '') IS NULL THEN 'missing-eventName'
      WHEN ts IS NULL THEN 'invalid-eventTime'
      WHEN (${sizeSql()}) > ${o.maxRecordBytes} THEN 'oversized'
    END AS problem,
    coalesce(${future}, false) AS is_future
  FROM t JOIN ct_files f USING (fid)
),
e AS (
  SELECT
    fid,
    problem,
    coalesce(nullif(recipientAccountId, ''), layout_account, nullif(userIdentity.accountId, ''), 'unknown') AS account,
    ts AS event_time,
    CASE WHEN is_future THEN least(coalesce(delivered_at, ${now}), ${now}) ELSE ts END AS eff_time,
    CASE WHEN nullif(eventID, '') IS NOT NULL THEN eventID
         ELSE 'noid:' || md5(concat_ws('|', eventTime, eventSource, eventName, sourceIPAddress, userAgent, requestID,
                                       userIdentity.arn, requestParameters::VARCHAR, responseElements::VARCHAR)) END AS event_id,
    coalesce(nullif(eventSource, ''), 'unknown') AS event_source,
    eventName AS event_name,
    coalesce(nullif(awsRegion, ''), 'unknown') AS region,
    sourceIPAddress AS source_ip,
    userAgent AS user_agent,
    nullif(errorCode, '') AS error_code,
    ${p.key} AS pkey, ${p.type} AS ptype, ${p.arn} AS parn, ${p.name} AS pname, ${p.accountId} AS paccount,
    ${serviceCallSql('useridentity', 'sourceipaddress', 'useragent')} AS service_call,
    is_future AS future,
    CASE WHEN problem IS NULL AND ${candidateSql(o.candidates, Dialect.DuckDB)} THEN to_json(rec)::VARCHAR END AS candidate
  FROM c
)
SELECT *, (epoch_us(eff_time) // ${w}) * ${w} // 1000 AS window_ms, hash(account || '|' || event_id) AS h FROM e`;
}
