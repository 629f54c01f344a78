/** Stand-ins for the agent's tests: activity rows, a fake ActivitySource, Athena result pages, a flaky DynamoDB wrapper. */
import type { GetQueryResultsCommandOutput } from '@aws-sdk/client-athena';
import type {
  ActivityQuery,
  ActivityRow,
  ActivitySource,
  WindowActivity,
} from '../../../functions/engine/activity/index.js';
import type { DocumentSender } from '../../../functions/adapters/aws/dynamodb/index.js';
import { toIso } from '../../../functions/engine/cloudtrail/index.js';
import type { Checkpoint } from '../../../functions/engine/baseline/index.js';

export const ACCOUNT = '111122223333';
export const HOUR = 3_600_000;

/** An activity row of one principal and action; `at` is the event time. */
export function activityRow(
  principal: string,
  action: string,
  at: string,
  over: Partial<ActivityRow> = {},
): ActivityRow {
  const [eventSource, eventName] = action.split(':') as [string, string];
  const ms = Date.parse(at);
  return {
    accountId: ACCOUNT,
    windowStart: toIso(Math.floor(ms / HOUR) * HOUR),
    principalKey: `arn:aws:iam::${ACCOUNT}:role/${principal}`,
    principalType: 'AssumedRole',
    principalArn: `arn:aws:iam::${ACCOUNT}:role/${principal}`,
    principalName: principal,
    principalAccountId: ACCOUNT,
    action,
    eventSource,
    eventName,
    serviceCall: null,
    count: 1,
    errorCount: 0,
    errorCodes: [],
    firstEventTime: toIso(ms),
    lastEventTime: toIso(ms),
    sampleEventIds: [`ev-${principal}-${eventName}-${ms}`],
    sourceIps: ['203.0.113.7'],
    userAgents: ['aws-cli/2.15'],
    regions: ['us-east-1'],
    callers: ['203.0.113.0/24|aws-cli'],
    futureCount: 0,
    ...over,
  };
}

/** Rows are delivered this long after their first event (CloudTrail's usual few minutes). */
export const DELIVERY_DELAY_MS = 5 * 60_000;

/** A run's range: from the checkpoint's delivery position (or `initial`) up to `upTo`, recorded when done. */
export const rangeTo =
  (upTo: string, initial: string | null = null) =>
  (cp: Checkpoint | undefined) => ({
    delivered: { after: cp?.delivered['*'] ?? initial, upTo },
    next: { '*': upTo },
  });

/** An ActivitySource over fixed rows (hour windows), each delivered `DELIVERY_DELAY_MS` after it, recording the queries it got. */
export class RowsSource implements ActivitySource {
  readonly queries: ActivityQuery[] = [];
  constructor(private readonly rows: readonly ActivityRow[]) {}

  async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
    this.queries.push(query);
    const after = query.delivered.after === null ? Number.NEGATIVE_INFINITY : Date.parse(query.delivered.after);
    const upTo = query.delivered.upTo === null ? Number.POSITIVE_INFINITY : Date.parse(query.delivered.upTo);
    const byWindow = new Map<number, ActivityRow[]>();
    for (const row of this.rows) {
      const t = Date.parse(row.firstEventTime);
      const delivered = t + DELIVERY_DELAY_MS;
      if (delivered <= after || delivered > upTo) continue;
      const w = Math.floor(t / query.windowMs) * query.windowMs;
      byWindow.set(w, [...(byWindow.get(w) ?? []), { ...row, windowStart: toIso(w) }]);
    }
    for (const w of [...byWindow.keys()].sort((a, b) => a - b)) {
      yield {
        accountId: query.accountId,
        window: { start: toIso(w), end: toIso(w + query.windowMs) },
        rows: byWindow.get(w)!,
        candidates: [],
      };
    }
  }
}

const COLUMNS = [
  'window_ms',
  'pkey',
  'ptype',
  'parn',
  'pname',
  'paccount',
  'event_source',
  'event_name',
  'service_call',
  'cnt',
  'errs',
  'error_codes',
  'first_ms',
  'last_ms',
  'event_ids',
  'source_ips',
  'user_agents',
  'regions',
  'callers',
  'future_cnt',
  'candidate_cnt',
  'candidates',
];

/** A record as the Athena query returns a candidate: struct field names lower-cased by Hive. */
export function athenaCandidate(record: Record<string, unknown>): string {
  const lower = (v: unknown): unknown =>
    v === null || typeof v !== 'object' || Array.isArray(v)
      ? v
      : Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), lower(x)]));
  return JSON.stringify({ ...record, userIdentity: lower(record.userIdentity) });
}

/** Rows as Athena returns them (text, header row first) for one GetQueryResults page; candidates by action. */
export function athenaPage(
  rows: readonly ActivityRow[],
  windowMs = HOUR,
  candidates: Record<string, Array<Record<string, unknown>>> = {},
): GetQueryResultsCommandOutput {
  const text = (r: ActivityRow): Array<string | null> => {
    const v: Record<string, string | null> = {
      window_ms: String(Math.floor(Date.parse(r.firstEventTime) / windowMs) * windowMs),
      pkey: r.principalKey,
      ptype: r.principalType,
      parn: r.principalArn,
      pname: r.principalName,
      paccount: r.principalAccountId,
      event_source: r.eventSource,
      event_name: r.eventName,
      service_call: r.serviceCall,
      cnt: String(r.count),
      errs: String(r.errorCount),
      error_codes: JSON.stringify(r.errorCodes),
      first_ms: String(Date.parse(r.firstEventTime)),
      last_ms: String(Date.parse(r.lastEventTime)),
      event_ids: JSON.stringify(r.sampleEventIds),
      source_ips: JSON.stringify(r.sourceIps),
      user_agents: JSON.stringify(r.userAgents),
      regions: JSON.stringify(r.regions),
      callers: JSON.stringify(r.callers),
      future_cnt: '0',
      candidate_cnt: String(candidates[r.action]?.length ?? 0),
      candidates: JSON.stringify((candidates[r.action] ?? []).map(athenaCandidate)),
    };
    return COLUMNS.map((c) => v[c] ?? null);
  };
  const datum = (values: Array<string | null>) => ({
    Data: values.map((x) => (x === null ? {} : { VarCharValue: x })),
  });
  return {
    $metadata: {},
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: COLUMNS.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: [datum(COLUMNS), ...rows.map(text).map(datum)],
    },
  };
}

/** A DynamoDB document client that throws once when `fails(command)` says so. */
export function failingOnce(
  inner: DocumentSender,
  fails: (command: { constructor: { name: string }; input: Record<string, unknown> }) => boolean,
): DocumentSender & { tripped: boolean } {
  const wrapper = {
    tripped: false,
    send: (async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      if (!wrapper.tripped && fails(command)) {
        wrapper.tripped = true;
        throw Object.assign(new Error('injected crash'), { name: 'InjectedCrash' });
      }
      return inner.send(command as never);
    }) as DocumentSender['send'],
  };
  return wrapper;
}
