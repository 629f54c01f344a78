/**
 * SQL that stages CloudTrail files. Each record is read as its raw JSON text (cheap: DuckDB only splits the file),
 * the few fields the activity needs are pulled out with one multi-path extraction, and the raw text itself is the
 * candidate record the rules receive. A typed read of the same fields is no faster (0.51-0.70 s against 0.50-0.65 s
 * for the 78,237 records of 3,000 generated files) and would lose the raw text.
 * @module
 */
import { Dialect } from '../../../engine/cloudtrail/index.js';
import { actionColumnsSql, candidateSql, type CandidateFilter } from '../../../engine/activity/index.js';
import { BATCH_PATHS, readerSql, type StagedFormat } from './batch-files.js';
import { sqlString } from './connection.js';
import { FOLD_SELECT } from './fold-sql.js';
import { IDENTITY_SELECT, USER_IDENTITY_STRUCT } from './identity-sql.js';

/**
 * The problem of a record without `eventTime` that has `eventtime` (an Athena export's lower-cased columns): counted as
 * `missing-eventTime`, reported with a hint (staging.ts). Tested only on records already without `eventTime`.
 */
export const MISSING_EVENT_TIME_LOWER_CASE = 'missing-eventTime:lower-case';

/** An oversized record as the rules see it: the request, response and extra data cut, the cut said. */
const CUT_RECORD = `json_merge_patch(r, '{"requestParameters":{"ctAnomalyCut":true},"responseElements":null,"additionalEventData":null,"serviceEventDetails":null,"ctAnomalyOversized":true}')::VARCHAR`;

/**
 * Creates the table of the records each file could not give (per problem), idempotently. The files themselves
 * are known to the caller by id: only a batch's own files are in DuckDB (`writeBatchFiles`), since a run-wide
 * file table held every path of the run (hundreds of thousands in a large export). The folded activity and its
 * candidate records are spilled to one file per batch.
 */
export const CREATE_TABLES = `CREATE TABLE IF NOT EXISTS problem_parts (problem VARCHAR, pfid INTEGER, n BIGINT);
CREATE TABLE IF NOT EXISTS principals (ikey UBIGINT, pkey VARCHAR, ptype VARCHAR, parn VARCHAR, pname VARCHAR, paccount VARCHAR);`;

/** The fields pulled out of each record, in order: [column name, JSON path]. */
const FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['eventtime', '$.eventTime'],
  ['eventsource', '$.eventSource'],
  ['eventname', '$.eventName'],
  ['awsregion', '$.awsRegion'],
  ['sourceipaddress', '$.sourceIPAddress'],
  ['useragent', '$.userAgent'],
  ['errorcode', '$.errorCode'],
  ['eventid', '$.eventID'],
  ['recipientaccountid', '$.recipientAccountId'],
  ['requestid', '$.requestID'],
  ['vpcendpointid', '$.vpcEndpointId'],
  ['vpcendpointaccountid', '$.vpcEndpointAccountId'],
  ['ui_type', '$.userIdentity.type'],
  ['ui_principalid', '$.userIdentity.principalId'],
  ['ui_arn', '$.userIdentity.arn'],
  ['ui_accountid', '$.userIdentity.accountId'],
  ['ui_username', '$.userIdentity.userName'],
  ['ui_invokedby', '$.userIdentity.invokedBy'],
  ['ui_identityprovider', '$.userIdentity.identityProvider'],
  ['si_arn', '$.userIdentity.sessionContext.sessionIssuer.arn'],
  ['si_username', '$.userIdentity.sessionContext.sessionIssuer.userName'],
  ['si_accountid', '$.userIdentity.sessionContext.sessionIssuer.accountId'],
  ['si_principalid', '$.userIdentity.sessionContext.sessionIssuer.principalId'],
  ['ob_userid', '$.userIdentity.onBehalfOf.userId'],
  ['ob_identitystorearn', '$.userIdentity.onBehalfOf.identityStoreArn'],
];

/**
 * The fields of {@link FIELDS} pulled out of the record text `record` in one multi-path extraction: a list of strings in
 * that order (also what the benchmark's floors read: bench/raw-child.ts).
 */
export function fieldsSql(record: string): string {
  return `json_extract_string(${record}, [${FIELDS.map(([, path]) => sqlString(path)).join(', ')}])`;
}

/** The 1-based position of a field in {@link fieldsSql}'s list. */
export function fieldIndex(name: string): number {
  const i = FIELDS.findIndex(([n]) => n === name);
  if (i < 0) throw new Error(`no staged field ${name}`);
  return i + 1;
}

export interface IngestSqlOptions {
  format: StagedFormat;
  candidates: CandidateFilter;
  /**
   * Records larger than this are still processed (who did what, where, when) but their bulky fields are
   * cut from what the rules and the evidence see, and the record is flagged `ctAnomalyOversized`.
   */
  maxRecordBytes: number;
  /** Largest JSON value DuckDB may parse: one delivery file is one value. */
  maximumObjectSize: number;
  /** Wall clock as epoch ms: events stamped later than this + tolerance are future-stamped. */
  nowMs: number;
  futureToleranceMs: number;
  /** Window length: events are folded per window at staging time. */
  windowMs: number;
  /**
   * Holds the batch's records (raw text) at once before working on them: for files of a few records each, the
   * records come in chunks of a file's few, and each chunk pays every per-record expression's fixed cost
   * (docs/performance.md, fourteenth pass). Costs the batch's text in memory; slower for larger files.
   */
  materialize?: boolean;
}

function sourceSql(o: IngestSqlOptions): string {
  const reader = readerSql(o.format, BATCH_PATHS, { maxObjectBytes: o.maximumObjectSize, filename: true });
  const file = 'f.fid, f.layout_account, f.delivered_at';
  if (o.format === 'delivery') {
    return `SELECT ${file}, j.Records IS NULL AS no_records, unnest(coalesce(j.Records, [NULL])) AS r
      FROM ${reader} j JOIN batch_files f ON f.path = j.filename`;
  }
  // One JSON value per line (a corrupt line becomes NULL without swallowing the next), or per array element.
  return `SELECT ${file}, false AS no_records, j.json AS r FROM ${reader} j JOIN batch_files f ON f.path = j.filename`;
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

/**
 * The query that reads one batch of files of one format and folds its records (see fold-sql.ts), after
 * `writeBatchFiles` (batch-files.ts) for the same files; `spillBatchSql` writes what it returns.
 */
export function batchSql(o: IngestSqlOptions): string {
  const now = `make_timestamp(${Math.trunc(o.nowMs) * 1000}::BIGINT)`;
  const tolerance = `to_milliseconds(${Math.trunc(o.futureToleranceMs)})`;
  const future = `ts > ${now} + ${tolerance} OR (delivered_at IS NOT NULL AND ts > delivered_at + ${tolerance})`;
  const w = Math.trunc(o.windowMs) * 1000;
  // A delivery file's object on a line among records (delivery files and records in one JSON Lines file): the
  // JavaScript reader reads the file instead, giving that line's records (staging.ts).
  const envelopeLine =
    o.format === 'lines' ? `\n      WHEN starts_with(r, '{"Records"') THEN 'not-delivery-format'` : '';
  return `WITH src AS ${o.materialize ? 'MATERIALIZED ' : ''}(${sourceSql(o)}),
x AS (SELECT fid, layout_account, delivered_at, no_records, r, ${fieldsSql('r')} AS v FROM src),
cols AS (
  SELECT fid, layout_account, delivered_at, no_records, r, ${FIELDS.map(([name], i) => `v[${i + 1}] AS ${name}`).join(', ')}
  FROM x
),
t AS (
  SELECT *, ${USER_IDENTITY_STRUCT} AS useridentity,
    make_timestamp(epoch_us(TRY_CAST(CASE WHEN ${eventTimeShapeSql('eventtime')} THEN eventtime END AS TIMESTAMPTZ))) AS ts
  FROM cols
),
c AS (
  SELECT t.*,
    CASE
      WHEN no_records THEN 'not-delivery-format'
      WHEN r IS NULL THEN 'invalid-json'${envelopeLine}
      -- ltrim copies the record: only for the rare one that does not start with its brace.
      WHEN CASE WHEN starts_with(r, '{') THEN false ELSE NOT starts_with(ltrim(r), '{') END THEN 'not-an-object'
      WHEN nullif(eventtime, '') IS NULL THEN
        CASE WHEN json_exists(r, '$.eventtime') THEN '${MISSING_EVENT_TIME_LOWER_CASE}' ELSE 'missing-eventTime' END
      WHEN nullif(eventname, '') IS NULL THEN 'missing-eventName'
      WHEN ts IS NULL THEN 'invalid-eventTime'
    END AS problem,
    strlen(r) > ${o.maxRecordBytes} AS cut,
    coalesce(${future}, false) AS is_future
  FROM t
),
e AS (
  SELECT
    fid,
    problem,
    coalesce(nullif(recipientaccountid, ''), layout_account, nullif(ui_accountid, ''), 'unknown') AS account,
    ts AS event_time,
    CASE WHEN ts > ${now} + ${tolerance} THEN ${now} ELSE ts END AS eff_time,
    cut,
    CASE WHEN nullif(eventid, '') IS NOT NULL THEN eventid
         ELSE 'noid:' || md5(concat_ws('|', eventtime, eventsource, eventname, sourceipaddress, useragent, requestid, ui_arn, r)) END AS event_id,
    ${actionColumnsSql()},
    ${IDENTITY_SELECT},
    vpcendpointid,
    is_future AS future,
    CASE WHEN problem IS NULL AND ${candidateSql(o.candidates, Dialect.DuckDB)}
      THEN CASE WHEN cut THEN ${CUT_RECORD} ELSE r END END AS candidate
  FROM c
),
b AS (
  SELECT *, (epoch_us(eff_time) // ${w}) * ${w} // 1000 AS window_ms, hash(account, event_id) AS h,
    CASE WHEN problem IS NOT NULL THEN fid END AS pfid
  FROM e
)
${FOLD_SELECT}`;
}
