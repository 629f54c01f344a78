/**
 * The events that created users and roles, read from the staged candidate records (the identity rules'
 * prefilter fetches them): new principals get their creation event as evidence, even when it happened
 * in the history before an incident window.
 * @module
 */
import type { CloudTrailRecord } from '../../../engine/cloudtrail/index.js';
import { type Duck, sqlString } from './connection.js';
import { candidateRowsSql } from './fold-sql.js';

/** Successful CreateUser and CreateRole records of one account, in event-time order. */
export async function creationEvents(duck: Duck, accountId: string): Promise<CloudTrailRecord[]> {
  const result = await duck.connection.runAndReadAll(
    `SELECT candidate FROM (${candidateRowsSql(
      `account = ${sqlString(accountId)}
       AND json_extract_string(candidate, '$.eventSource') = 'iam.amazonaws.com'
       AND json_extract_string(candidate, '$.eventName') IN ('CreateUser', 'CreateRole')
       AND json_extract_string(candidate, '$.errorCode') IS NULL`,
    )}) ORDER BY event_time`,
  );
  return result.getRowObjectsJson().map((r) => JSON.parse(String(r['candidate'])) as CloudTrailRecord);
}
