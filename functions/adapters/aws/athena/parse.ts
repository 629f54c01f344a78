/**
 * Athena returns every value as text. This turns result rows into typed ActivityRows and candidate
 * JSON back into CloudTrail records with CloudTrail's camelCase names (Hive lower-cases struct
 * field names; JSON-text fields are parsed; nulls for absent fields are dropped, as in the DuckDB source).
 * @module
 */
import type { ActivityRow } from '../../../engine/activity/index.js';
import {
  CLOUDTRAIL_COLUMNS,
  toIso,
  type CloudTrailRecord,
  type ColumnSpec,
  type ServiceCallReason,
  withoutNulls,
} from '../../../engine/cloudtrail/index.js';

/** One result row by column name; SQL NULL is `null`. */
export type TextRow = Record<string, string | null>;

const jsonStrings = (text: string | null | undefined): string[] => {
  if (text === null || text === undefined || text === '') return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
};
const int = (text: string | null | undefined): number =>
  text === null || text === undefined || text === '' ? 0 : Number.parseInt(text, 10);

/** A typed activity row from one result row. */
export function activityRowOf(accountId: string, r: TextRow): ActivityRow {
  const eventSource = r.event_source ?? 'unknown';
  const eventName = r.event_name ?? 'unknown';
  return {
    accountId,
    windowStart: toIso(int(r.window_ms)),
    principalKey: r.pkey ?? 'unknown',
    principalType: r.ptype ?? 'None',
    principalArn: r.parn ?? null,
    principalName: r.pname ?? null,
    principalAccountId: r.paccount ?? null,
    action: `${eventSource}:${eventName}`,
    eventSource,
    eventName,
    serviceCall: (r.service_call ?? null) as ServiceCallReason | null,
    count: int(r.cnt),
    errorCount: int(r.errs),
    errorCodes: jsonStrings(r.error_codes ?? null),
    firstEventTime: toIso(int(r.first_ms)),
    lastEventTime: toIso(int(r.last_ms)),
    sampleEventIds: jsonStrings(r.event_ids ?? null),
    sourceIps: jsonStrings(r.source_ips ?? null),
    userAgents: jsonStrings(r.user_agents ?? null),
    regions: jsonStrings(r.regions ?? null),
    callers: jsonStrings(r.callers ?? null),
    futureCount: int(r.future_cnt),
  };
}

/** The candidate records of one row (a JSON array of record JSON texts). */
export function candidatesOf(r: TextRow): CloudTrailRecord[] {
  return jsonStrings(r.candidates ?? null).map(recordOf);
}

/** One record from the JSON the query built. */
export function recordOf(json: string): CloudTrailRecord {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  return restore(parsed, CLOUDTRAIL_COLUMNS) as CloudTrailRecord;
}

/** Field names by lower-case name, with their nested specs. */
function index(specs: readonly ColumnSpec[]): Map<string, ColumnSpec> {
  return new Map(specs.map((s) => [s.name.toLowerCase(), s]));
}

function restore(value: unknown, specs: readonly ColumnSpec[] | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (specs === undefined) return withoutNulls(value);
  // A struct cast to JSON is an object in Trino; very old engines gave a positional array.
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [specs[i]?.name ?? String(i), v])
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
      : [];
  if (entries.length === 0 && typeof value !== 'object') return value;
  const byName = index(specs);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of entries) {
    const spec = byName.get(key.toLowerCase());
    const name = spec?.name ?? key;
    let v: unknown = raw;
    // JSON-text fields inside the struct (Hive type string) arrive as text
    if (spec?.duckdb === 'JSON' && typeof v === 'string' && /^\s*[[{]/.test(v)) v = safeParse(v);
    const restored = spec?.fields !== undefined ? restore(v, spec.fields) : v === null ? undefined : withoutNulls(v);
    if (restored !== undefined) out[name] = restored;
  }
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
