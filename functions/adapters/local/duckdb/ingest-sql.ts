/**
 * SQL that stages CloudTrail files into one DuckDB table: one row per record with the principal,
 * the action, evidence columns, a problem reason for malformed records, and the raw record (JSON)
 * only for the candidates the rules asked for.
 * @module
 */
import {
  CLOUDTRAIL_COLUMNS,
  Dialect,
  EVENT_TIME_PATTERN,
  duckdbColumnsArgument,
  duckdbRecordType,
  principalSql,
  serviceCallSql,
} from '../../../engine/cloudtrail/index.js';
import { candidateSql, type CandidateFilter } from '../../../engine/activity/index.js';
import { sqlString } from './connection.js';

/** File formats DuckDB reads natively. */
export type StagedFormat = 'delivery' | 'array' | 'lines';

/** Creates the file and staging tables (idempotent). */
export const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS ct_files (
  fid INTEGER PRIMARY KEY, path VARCHAR, layout_account VARCHAR, delivered_at TIMESTAMP, source_path VARCHAR
);
CREATE TABLE IF NOT EXISTS staged (
  fid INTEGER, account VARCHAR, event_time TIMESTAMP, eff_time TIMESTAMP, event_id VARCHAR,
  event_source VARCHAR, event_name VARCHAR, region VARCHAR, source_ip VARCHAR, user_agent VARCHAR,
  error_code VARCHAR, pkey VARCHAR, ptype VARCHAR, parn VARCHAR, pname VARCHAR, paccount VARCHAR,
  service_call VARCHAR, future BOOLEAN, problem VARCHAR, candidate VARCHAR
);`;

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

/** Approximate record size: the sum of the text of every column (JSON columns are stored as text). */
function sizeSql(): string {
  const parts = CLOUDTRAIL_COLUMNS.filter((c) => c.fields === undefined).map((c) => `coalesce(strlen("${c.name}"::VARCHAR), 0)`);
  return parts.join(' + ');
}

/** The INSERT that stages one batch of files of one format. */
export function ingestSql(o: IngestSqlOptions): string {
  const p = principalSql('useridentity', 'eventsource', 'sourceipaddress');
  const allNull = CLOUDTRAIL_COLUMNS.slice(0, 6).map((c) => `"${c.name}" IS NULL`).join(' AND ');
  const future = `ts > make_timestamp(${Math.trunc(o.nowMs + o.futureToleranceMs) * 1000}::BIGINT)
      OR (f.delivered_at IS NOT NULL AND ts > f.delivered_at + to_milliseconds(${Math.trunc(o.futureToleranceMs)}))`;
  return `INSERT INTO staged
WITH src AS (${sourceSql(o)}),
cols AS (SELECT fid, no_records, rec, unnest(rec) FROM src),
t AS (
  SELECT *, make_timestamp(epoch_us(TRY_CAST(CASE WHEN regexp_matches(eventTime, ${sqlString(EVENT_TIME_PATTERN)}) THEN eventTime END AS TIMESTAMPTZ))) AS ts
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
)
SELECT
  fid,
  coalesce(nullif(recipientAccountId, ''), layout_account, nullif(userIdentity.accountId, ''), 'unknown') AS account,
  ts AS event_time,
  CASE WHEN is_future THEN least(coalesce(delivered_at, make_timestamp(${Math.trunc(o.nowMs) * 1000}::BIGINT)), make_timestamp(${Math.trunc(o.nowMs) * 1000}::BIGINT)) ELSE ts END AS eff_time,
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
  problem,
  CASE WHEN problem IS NULL AND ${candidateSql(o.candidates, Dialect.DuckDB)} THEN to_json(rec)::VARCHAR END AS candidate
FROM c`;
}
