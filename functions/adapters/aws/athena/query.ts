/**
 * One Athena query, start to last row: StartQueryExecution (idempotent through a client request
 * token), GetQueryExecution polled with growing delays through QUEUED and RUNNING up to a deadline,
 * then GetQueryResults page by page (the header row only on the first page). Throttling
 * (TooManyRequestsException) is retried with jittered backoff at every step.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type Row,
} from '@aws-sdk/client-athena';
import { realSleep, withRetry, type AwsCallCounter, type Sleep } from '../shared/index.js';
import { AthenaQueryError, AthenaTimeoutError } from './errors.js';
import type { TextRow } from './parse.js';

/** The slice of the Athena client used here. */
export type AthenaSender = Pick<AthenaClient, 'send'>;

/** Where and how to run queries. */
export interface AthenaQueryOptions {
  client: AthenaSender;
  workGroup: string;
  database: string;
  catalog?: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  random?: () => number;
  /** Clock for the deadline (default Date.now). */
  clock?: () => number;
  /** Give up (and stop the query) after this long (default 10 minutes). */
  timeoutMs?: number;
  /** First and largest polling delay (defaults 500 ms and 5 s). */
  pollMs?: { first: number; max: number };
  /** Rows per GetQueryResults page (max 1000). */
  pageSize?: number;
}

/** What a finished query cost. */
export interface QueryStats {
  queryExecutionId: string;
  bytesScanned: number;
  engineMs: number;
  totalMs: number;
  queuedMs: number;
}

const retry = (o: AthenaQueryOptions, operation: string) => ({
  operation,
  maxAttempts: 8,
  sleep: o.sleep,
  random: o.random,
  baseMs: 200,
  capMs: 10_000,
});

/** Starts a query and waits until it SUCCEEDED; throws AthenaQueryError / AthenaTimeoutError otherwise. */
export async function runQuery(o: AthenaQueryOptions, sql: string): Promise<QueryStats> {
  const token = randomUUID();
  const started = await withRetry(
    () => {
      o.counter?.call('athena:StartQueryExecution');
      return o.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: o.workGroup,
          QueryExecutionContext: { Database: o.database, ...(o.catalog ? { Catalog: o.catalog } : {}) },
          ClientRequestToken: token,
        }),
      );
    },
    retry(o, 'athena:StartQueryExecution'),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError('(none)', 'NOT_STARTED', 'StartQueryExecution returned no QueryExecutionId');

  const clock = o.clock ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const begin = clock();
  const deadline = begin + (o.timeoutMs ?? 600_000);
  let delay = o.pollMs?.first ?? 500;
  for (;;) {
    const { QueryExecution: q } = await withRetry(
      () => {
        o.counter?.call('athena:GetQueryExecution');
        return o.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      },
      retry(o, 'athena:GetQueryExecution'),
    );
    const state = q?.Status?.State ?? 'UNKNOWN';
    if (state === 'SUCCEEDED') {
      const s = q?.Statistics;
      const stats: QueryStats = {
        queryExecutionId: id,
        bytesScanned: s?.DataScannedInBytes ?? 0,
        engineMs: s?.EngineExecutionTimeInMillis ?? 0,
        totalMs: s?.TotalExecutionTimeInMillis ?? 0,
        queuedMs: s?.QueryQueueTimeInMillis ?? 0,
      };
      o.counter?.athenaQuery(stats.bytesScanned, stats.engineMs);
      return stats;
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = q?.Status?.StateChangeReason ?? q?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      throw new AthenaQueryError(id, state, reason, q?.Status?.AthenaError?.ErrorType?.toString());
    }
    // QUEUED and RUNNING (and any state added later) mean: not done yet
    if (clock() + delay > deadline) {
      await o.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
      throw new AthenaTimeoutError(id, state, clock() - begin);
    }
    await sleep(delay);
    delay = Math.min(o.pollMs?.max ?? 5000, Math.ceil(delay * 1.5));
  }
}

/** Reads the results of a finished query as text rows by column name, page by page. */
export async function* readResults(o: AthenaQueryOptions, queryExecutionId: string): AsyncGenerator<TextRow[]> {
  let token: string | undefined;
  let columns: string[] | undefined;
  let first = true;
  do {
    const page = await withRetry(
      () => {
        o.counter?.call('athena:GetQueryResults');
        return o.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryExecutionId,
            NextToken: token,
            MaxResults: o.pageSize ?? 1000,
          }),
        );
      },
      retry(o, 'athena:GetQueryResults'),
    );
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c: ColumnInfo) => c.Name ?? c.Label ?? '');
    let rows: Row[] = page.ResultSet?.Rows ?? [];
    // A SELECT's first page starts with the header row (the column names); later pages do not.
    if (first && rows.length > 0 && isHeader(rows[0]!, columns)) rows = rows.slice(1);
    first = false;
    const cols = columns;
    yield rows.map((row) => Object.fromEntries(cols.map((name, i) => [name, row.Data?.[i]?.VarCharValue ?? null])));
    token = page.NextToken;
  } while (token);
}

function isHeader(row: Row, columns: readonly string[]): boolean {
  const values = (row.Data ?? []).map((d) => d.VarCharValue);
  return values.length === columns.length && values.every((v, i) => v === columns[i]);
}
