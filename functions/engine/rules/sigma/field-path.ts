/**
 * Values of a Sigma field in a CloudTrail record: a dotted path (`requestParameters.attribute`), each
 * key matched exactly first and case-insensitively second, fanning out over arrays and over EC2's
 * `{ items: [...] }` wrappers, so `ipPermissions.items.ipRanges.items.cidrIp` and
 * `ipPermissions.ipRanges.cidrIp` both reach every range.
 * @module
 */

function step(current: unknown, key: string): unknown {
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
  const obj = current as Record<string, unknown>;
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Arrays and `{items}` wrappers unfolded into their elements (depth-limited). */
function unfold(value: unknown, depth = 0): unknown[] {
  if (depth > 4) return [value];
  if (Array.isArray(value)) return value.flatMap((v) => unfold(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0]!.toLowerCase() === 'items')
      return unfold((value as Record<string, unknown>)[keys[0]!], depth + 1);
  }
  return [value];
}

/** Every value at `path` (empty when the field is missing); `null` values are kept. */
export function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      const direct = step(item, key);
      if (direct !== undefined) {
        next.push(direct);
        continue;
      }
      for (const node of unfold(item)) {
        const v = node === item ? undefined : step(node, key);
        if (v !== undefined) next.push(v);
      }
    }
    if (next.length === 0) return [];
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? unfold(v) : [v]));
}
