/**
 * Queries over the staged events: the distinct (principal, action) rows per window, and the raw
 * candidate records for the rules. Windows are aligned on the Unix epoch (as in the Athena adapter
 * and the JavaScript reference), so every path cuts time the same way.
 * @module
 */
import { sqlString } from './connection.js';

/** Creates `events`: valid staged records, one per (account, eventID), first file wins. */
export const CREATE_EVENTS = `
CREATE OR REPLACE TABLE events AS
SELECT * EXCLUDE (problem) FROM staged WHERE problem IS NULL
QUALIFY row_number() OVER (PARTITION BY account, event_id ORDER BY fid) = 1`;

export interface RangeSqlOptions {
  accountId: string;
  fromMs: number;
  toMs: number;
  windowMs: number;
  samples: { eventIds: number; sourceIps: number; userAgents: number };
}

const micros = (ms: number): string => `make_timestamp(${Math.trunc(ms) * 1000}::BIGINT)`;

function rangeFilter(o: RangeSqlOptions): string {
  return `account = ${sqlString(o.accountId)} AND eff_time >= ${micros(o.fromMs)} AND eff_time < ${micros(o.toMs)}`;
}

function windowStart(o: RangeSqlOptions): string {
  const w = Math.trunc(o.windowMs) * 1000;
  return `(epoch_us(eff_time) // ${w}) * ${w} // 1000`;
}

/** Distinct (principal, action, service-call) rows per window of one account, ordered by window. */
export function activitySql(o: RangeSqlOptions): string {
  const s = o.samples;
  return `SELECT
  ${windowStart(o)} AS window_ms,
  pkey, min(ptype) AS ptype, min(parn) AS parn, min(pname) AS pname, min(paccount) AS paccount,
  event_source, event_name, service_call,
  count(*) AS cnt,
  count(error_code) AS errs,
  (list(DISTINCT error_code ORDER BY error_code) FILTER (WHERE error_code IS NOT NULL))[1:5] AS error_codes,
  epoch_ms(min(event_time)) AS first_ms,
  epoch_ms(max(event_time)) AS last_ms,
  (list(event_id ORDER BY event_time, event_id))[1:${s.eventIds}] AS event_ids,
  (list(DISTINCT source_ip ORDER BY source_ip) FILTER (WHERE source_ip IS NOT NULL))[1:${s.sourceIps}] AS source_ips,
  (list(DISTINCT user_agent ORDER BY user_agent) FILTER (WHERE user_agent IS NOT NULL))[1:${s.userAgents}] AS user_agents,
  (list(DISTINCT region ORDER BY region))[1:10] AS regions,
  count(*) FILTER (WHERE future) AS future_cnt
FROM events
WHERE ${rangeFilter(o)}
GROUP BY ALL
ORDER BY window_ms, pkey, event_source, event_name, service_call NULLS FIRST`;
}

/** Raw candidate records of one account in the range, with their window, in event-time order. */
export function candidatesSql(o: RangeSqlOptions): string {
  return `SELECT ${windowStart(o)} AS window_ms, candidate
FROM events
WHERE ${rangeFilter(o)} AND candidate IS NOT NULL
ORDER BY window_ms, event_time, event_id`;
}
