/**
 * Fast JSON for records: identical to `JSON.stringify(record)`, but the blocks shared by many
 * records (a session's userIdentity, tlsDetails) are serialised once and reused.
 * @module
 */
import type { CloudTrailRecord } from '../engine/cloudtrail/index.js';

const SHARED_KEYS = new Set(['userIdentity', 'tlsDetails']);
const shared = new WeakMap<object, string>();
const keys = new Map<string, string>();

/** `JSON.stringify(record)`, with shared sub-objects cached (they must not be mutated afterwards). */
export function recordJson(record: CloudTrailRecord): string {
  let out = '{';
  for (const key in record) {
    const value = record[key];
    if (value === undefined || typeof value === 'function') continue;
    let k = keys.get(key);
    if (k === undefined) {
      k = `${JSON.stringify(key)}:`;
      keys.set(key, k);
    }
    if (out.length > 1) out += ',';
    out += k;
    if (SHARED_KEYS.has(key) && value !== null && typeof value === 'object') {
      let json = shared.get(value);
      if (json === undefined) {
        json = JSON.stringify(value);
        shared.set(value, json);
      }
      out += json;
    } else {
      out += JSON.stringify(value);
    }
  }
  return `${out}}`;
}
