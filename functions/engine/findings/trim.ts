/** Trims raw records for evidence: findings travel through EventBridge (256 KB) and into alerts. */
import type { CloudTrailRecord } from '../cloudtrail/index.js';

/** Fields whose size varies per API call and which are cut first. */
const PAYLOAD_FIELDS = [
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'serviceEventDetails',
  'resources',
  'tlsDetails',
] as const;

export interface TrimOptions {
  /** Largest serialized size of one payload field before it is replaced by a marker (default 2,048). */
  maxFieldBytes?: number;
  /** Largest length of any string value (default 1,024). */
  maxStringLength?: number;
}

function trimStrings(value: unknown, max: number, depth = 0): unknown {
  if (typeof value === 'string')
    return value.length > max ? `${value.slice(0, max)}…[${value.length - max} more chars]` : value;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => trimStrings(v, max, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = trimStrings(v, max, depth + 1);
  return out;
}

/** A copy of the record with oversized payload fields replaced by `{ "_trimmed": bytes }` and long strings cut. */
export function trimRecord(record: CloudTrailRecord, options: TrimOptions = {}): Record<string, unknown> {
  const maxField = options.maxFieldBytes ?? 2048;
  const maxString = options.maxStringLength ?? 1024;
  const out: Record<string, unknown> = { ...record };
  for (const field of PAYLOAD_FIELDS) {
    const value = out[field];
    if (value === undefined || value === null) continue;
    const size = JSON.stringify(value).length;
    if (size > maxField) out[field] = { _trimmed: size };
  }
  return trimStrings(out, maxString) as Record<string, unknown>;
}
