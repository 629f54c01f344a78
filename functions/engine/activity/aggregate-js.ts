/**
 * The JavaScript reference of the activity query: records in, the same rows DuckDB and Athena return.
 * Used for standard input in tests, as an in-memory ActivitySource, and to prove the SQL paths agree.
 * @module
 */
import {
  accountOf,
  parseEventTime,
  principalOf,
  serviceCallReason,
  toIso,
  type CloudTrailRecord,
} from '../cloudtrail/index.js';
import { callerOf, MAX_CALLERS } from './caller-sql.js';
import { matchesCandidate, type CandidateFilter } from './candidate-sql.js';
import {
  type ActivityQuery,
  type ActivityRow,
  type ActivitySource,
  ROW_SAMPLES,
  type WindowActivity,
} from './types.js';
import { pushTo } from '../collections.js';

/** A record with what the file it came from says about it. */
export interface SourcedRecord {
  record: CloudTrailRecord;
  /** Account of the folder in the S3 layout, when known. */
  layoutAccount?: string | null;
  /** Delivery time of the file (ISO), when known. */
  deliveredAt?: string | null;
}

/** A record ready for grouping: parsed time, effective time, principal and action. */
interface Prepared {
  account: string;
  eventMs: number;
  /** The time the record is processed at: its event time, or now when it is stamped in the future. */
  effMs: number;
  deliveredMs: number | null;
  future: boolean;
  eventId: string;
  record: CloudTrailRecord;
}

export interface PrepareOptions {
  nowMs: number;
  futureToleranceMs: number;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Valid records only (eventTime and eventName present), deduplicated on (account, eventID), first wins. */
function prepare(records: readonly SourcedRecord[], o: PrepareOptions): Prepared[] {
  const seen = new Set<string>();
  const out: Prepared[] = [];
  for (const { record, layoutAccount, deliveredAt } of records) {
    const eventMs = parseEventTime(record.eventTime);
    if (eventMs === null || text(record.eventName) === null) continue;
    const account = text(record.recipientAccountId) ?? layoutAccount ?? accountOf(record);
    const eventId =
      text(record.eventID) ??
      `noid:${JSON.stringify([record.eventTime, record.eventSource, record.eventName, record.sourceIPAddress, record.userAgent, record.requestID])}`;
    const key = `${account}\u001f${eventId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const deliveredMs = deliveredAt ? Date.parse(deliveredAt) : null;
    const future =
      eventMs > o.nowMs + o.futureToleranceMs || (deliveredMs !== null && eventMs > deliveredMs + o.futureToleranceMs);
    // Only "now" moves an event: the same record is processed at the same time whatever its input form.
    const effMs = eventMs > o.nowMs + o.futureToleranceMs ? o.nowMs : eventMs;
    out.push({ account, eventMs, effMs, deliveredMs, future, eventId, record });
  }
  return out;
}

const sortedDistinct = (values: Iterable<string | null>, max: number): string[] =>
  [...new Set([...values].filter((v): v is string => v !== null))].sort().slice(0, max);
const min = (values: Array<string | null>): string | null =>
  values.filter((v): v is string => v !== null).sort()[0] ?? null;

/** Groups prepared records of one account into activity rows per window (the SQL's GROUP BY). */
function rowsOf(items: readonly Prepared[], windowMs: number): Map<number, ActivityRow[]> {
  const groups = new Map<string, { windowMs: number; items: Prepared[] }>();
  for (const item of items) {
    const w = Math.floor(item.effMs / windowMs) * windowMs;
    const p = principalOf(item.record);
    const key = [
      w,
      p.key,
      text(item.record.eventSource) ?? 'unknown',
      item.record.eventName,
      serviceCallReason(item.record) ?? '',
    ].join('\u001f');
    const g = groups.get(key) ?? { windowMs: w, items: [] };
    g.items.push(item);
    groups.set(key, g);
  }
  const byWindow = new Map<number, ActivityRow[]>();
  for (const { windowMs: w, items: group } of groups.values()) {
    const first = group[0]!;
    const principals = group.map((i) => principalOf(i.record));
    const eventSource = text(first.record.eventSource) ?? 'unknown';
    const eventName = String(first.record.eventName);
    const byTime = [...group].sort(
      (a, b) => a.effMs - b.effMs || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
    );
    const row: ActivityRow = {
      accountId: first.account,
      windowStart: toIso(w),
      principalKey: principals[0]!.key,
      principalType: min(principals.map((p) => p.type)) ?? 'None',
      principalArn: min(principals.map((p) => p.arn)),
      principalName: min(principals.map((p) => p.name)),
      principalAccountId: min(principals.map((p) => p.accountId)),
      action: `${eventSource}:${eventName}`,
      eventSource,
      eventName,
      serviceCall: serviceCallReason(first.record),
      count: group.length,
      errorCount: group.filter((i) => text(i.record.errorCode) !== null).length,
      errorCodes: sortedDistinct(
        group.map((i) => text(i.record.errorCode)),
        5,
      ),
      firstEventTime: toIso(byTime[0]!.effMs),
      lastEventTime: toIso(byTime.at(-1)!.effMs),
      sampleEventIds: byTime.slice(0, ROW_SAMPLES.eventIds).map((i) => i.eventId),
      sourceIps: sortedDistinct(
        group.map((i) => (typeof i.record.sourceIPAddress === 'string' ? i.record.sourceIPAddress : null)),
        ROW_SAMPLES.sourceIps,
      ),
      userAgents: sortedDistinct(
        group.map((i) => (typeof i.record.userAgent === 'string' ? i.record.userAgent : null)),
        ROW_SAMPLES.userAgents,
      ),
      regions: sortedDistinct(
        group.map((i) => text(i.record.awsRegion) ?? 'unknown'),
        10,
      ),
      callers: sortedDistinct(
        group.map((i) => callerOf(i.record)),
        MAX_CALLERS,
      ),
      futureCount: group.filter((i) => i.future).length,
    };
    pushTo(byWindow, w, row);
  }
  const order = (r: ActivityRow): string =>
    [r.principalKey, r.eventSource, r.eventName, r.serviceCall ?? ''].join('\u001f');
  for (const rows of byWindow.values()) rows.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return byWindow;
}

/** An ActivitySource over records held in memory (standard input, tests, small exports). */
export class MemoryActivitySource implements ActivitySource {
  private readonly prepared: Prepared[];

  constructor(
    records: readonly SourcedRecord[],
    options: PrepareOptions,
    private readonly candidateFilter?: CandidateFilter,
  ) {
    this.prepared = prepare(records, options);
  }

  /** Accounts present, with their span: first effective event time and last effective event time. */
  accounts(): Array<{ accountId: string; firstMs: number; lastMs: number; events: number }> {
    const spans = new Map<string, { accountId: string; firstMs: number; lastMs: number; events: number }>();
    for (const p of this.prepared) {
      const s = spans.get(p.account) ?? { accountId: p.account, firstMs: p.effMs, lastMs: p.effMs, events: 0 };
      s.firstMs = Math.min(s.firstMs, p.effMs);
      s.lastMs = Math.max(s.lastMs, p.effMs);
      s.events++;
      spans.set(p.account, s);
    }
    return [...spans.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
    const after = query.delivered.after === null ? null : Date.parse(query.delivered.after);
    const upTo = query.delivered.upTo === null ? null : Date.parse(query.delivered.upTo);
    // The deliveries of the range; records without a delivery stamp belong to every run (a local export).
    const inRange = (p: Prepared): boolean =>
      p.deliveredMs === null || ((after === null || p.deliveredMs > after) && (upTo === null || p.deliveredMs <= upTo));
    const items = this.prepared.filter((p) => p.account === query.accountId && inRange(p));
    const byWindow = rowsOf(items, query.windowMs);
    const filter = this.candidateFilter ?? query.candidates;
    for (const w of [...byWindow.keys()].sort((a, b) => a - b)) {
      const candidates = items
        .filter(
          (i) => Math.floor(i.effMs / query.windowMs) * query.windowMs === w && matchesCandidate(filter, i.record),
        )
        .sort((a, b) => a.effMs - b.effMs || (a.eventId < b.eventId ? -1 : 1))
        .map((i) => i.record);
      yield {
        accountId: query.accountId,
        window: { start: toIso(w), end: toIso(w + query.windowMs) },
        rows: byWindow.get(w)!,
        candidates,
      };
    }
  }
}
