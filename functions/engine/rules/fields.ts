/**
 * Safe field access for rules. CloudTrail payloads vary per API and per exporter (EC2 wraps lists in
 * `{ items: [...] }`, some exporters change key case, booleans arrive as strings), and attackers control
 * many values: every reader here returns `undefined` or `[]` instead of throwing.
 * @module
 */
import { type CloudTrailRecord, get, getString } from '../cloudtrail/index.js';

function step(current: unknown, key: string): unknown {
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
  const obj = current as Record<string, unknown>;
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Reads a dotted path, matching each key exactly first and case-insensitively second. */
export function field(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    current = step(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/** The value if it is a string, else `''`: for top-level fields whose runtime type the record cannot promise. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The first path of `paths` holding a non-empty string. */
export function text(value: unknown, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const v = field(value, path);
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** A list however CloudTrail wrapped it: an array, `{ items: [...] }`, `{ item: ... }` or one bare object. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const items = step(value, 'items') ?? step(value, 'item');
    if (items !== undefined) return list(items);
    return Object.keys(value).length === 0 ? [] : [value];
  }
  return [value];
}

/** `true`/`false` from a boolean or a `"true"`/`"false"` string; undefined otherwise. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

/** A number from a number or a numeric string. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Strings of a value that may be a string, an array of strings or missing. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Every value found anywhere under `value` whose key matches `key` (case-insensitive), depth-limited. */
export function findKey(value: unknown, key: string, depth = 8): unknown[] {
  const out: unknown[] = [];
  const lower = key.toLowerCase();
  const walk = (v: unknown, d: number): void => {
    if (d > depth || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, d + 1);
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (k.toLowerCase() === lower) out.push(child);
      walk(child, d + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** The error code, or undefined for a call that did not fail. */
export function errorCodeOf(record: CloudTrailRecord): string | undefined {
  return getString(record, 'errorCode');
}

/** Whether the call succeeded: no errorCode, and sign-in events not marked `Failure` in their response. */
export function succeeded(record: CloudTrailRecord): boolean {
  if (errorCodeOf(record) !== undefined) return false;
  const name = getString(record, 'eventName');
  if (name !== undefined) {
    const outcome = get(record, `responseElements.${name}`);
    if (typeof outcome === 'string' && outcome.toLowerCase() === 'failure') return false;
  }
  return true;
}

const DENIED = /accessdenied|unauthorized|forbidden|notauthorized|dryrunoperation|notpermitted/i;

/** Whether the call failed for lack of permission (or was a DryRun permission probe). */
export function deniedByPermission(record: CloudTrailRecord): boolean {
  const code = errorCodeOf(record);
  return code !== undefined && DENIED.test(code);
}

/** The account the event was recorded in: recipientAccountId, else the caller's account. */
export function ownAccount(record: CloudTrailRecord): string | undefined {
  return getString(record, 'recipientAccountId') ?? getString(record, 'userIdentity.accountId');
}

/** The IAM user name of the caller when the caller is an IAM user. */
export function callerUserName(record: CloudTrailRecord): string | undefined {
  if (getString(record, 'userIdentity.type') !== 'IAMUser') return undefined;
  return getString(record, 'userIdentity.userName') ?? getString(record, 'userIdentity.arn')?.split('/').pop();
}
