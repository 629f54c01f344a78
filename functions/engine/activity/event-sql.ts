/**
 * The per-event columns every activity query computes, identical in DuckDB and Athena: what was
 * called, from where, with what result, by whom (the principal key), whether AWS made the call, and the
 * caller (network and client, pre-reduced: see caller-sql.ts).
 * The adapters add what differs (how records are read, the account, event ids, future stamps).
 * @module
 */
import { principalSql, serviceCallSql } from '../cloudtrail/index.js';
import { callerSql } from './caller-sql.js';

/** The SELECT-list fragment over the canonical lower-case columns (`eventsource`, `useridentity`, ...). */
export function eventColumnsSql(): string {
  const p = principalSql('useridentity', 'eventsource', 'sourceipaddress');
  return [
    `coalesce(nullif(eventsource, ''), 'unknown') AS event_source`,
    `eventname AS event_name`,
    `coalesce(nullif(awsregion, ''), 'unknown') AS region`,
    `sourceipaddress AS source_ip`,
    `useragent AS user_agent`,
    `nullif(errorcode, '') AS error_code`,
    `${p.key} AS pkey`,
    `${p.type} AS ptype`,
    `${p.arn} AS parn`,
    `${p.name} AS pname`,
    `${p.accountId} AS paccount`,
    `${serviceCallSql('useridentity', 'sourceipaddress', 'useragent')} AS service_call`,
    `${callerSql()} AS caller`,
  ].join(',\n    ');
}
