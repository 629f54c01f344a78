/**
 * The per-event columns every activity query computes, identical in DuckDB and Athena: what was
 * called, from where, with what result, by whom (the principal key), whether AWS made the call, and the
 * caller (network and client, pre-reduced: see caller-sql.ts).
 * The adapters add what differs (how records are read, the account, event ids, future stamps).
 * @module
 */
import { principalSql, serviceCallSql } from '../cloudtrail/index.js';
import { callerSql } from './caller-sql.js';

/**
 * What was called, from where, with what result, and whether AWS made the call: the per-event columns other
 * than the principal's.
 */
export function actionColumnsSql(): string {
  return [
    `coalesce(nullif(eventsource, ''), 'unknown') AS event_source`,
    `eventname AS event_name`,
    `coalesce(nullif(awsregion, ''), 'unknown') AS region`,
    `sourceipaddress AS source_ip`,
    `useragent AS user_agent`,
    `nullif(errorcode, '') AS error_code`,
    `${serviceCallSql('useridentity', 'sourceipaddress', 'useragent')} AS service_call`,
    `${callerSql()} AS caller`,
  ].join(',\n    ');
}

/**
 * Who made the call: the principal key, type, ARN, name and account, from the struct `ui` and the two record
 * fields the key reads for some identity types (a call with no identity is keyed by its event source, an AWS
 * service without `invokedBy` by its source address).
 */
export function principalColumnsSql(
  ui = 'useridentity',
  eventSource = 'eventsource',
  sourceIp = 'sourceipaddress',
): string {
  const p = principalSql(ui, eventSource, sourceIp);
  return [
    `${p.key} AS pkey`,
    `${p.type} AS ptype`,
    `${p.arn} AS parn`,
    `${p.name} AS pname`,
    `${p.accountId} AS paccount`,
  ].join(',\n    ');
}

/** The SELECT-list fragment over the canonical lower-case columns (`eventsource`, `useridentity`, ...). */
export function eventColumnsSql(): string {
  return `${actionColumnsSql()},\n    ${principalColumnsSql()}`;
}
