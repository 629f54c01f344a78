/** Bounds attacker-controlled values before they are embedded: long strings cut, deep or wide structures capped. */

export interface ClipOptions {
  maxString: number;
  maxDepth?: number;
  maxItems?: number;
}

/** A string no longer than `max`, with the cut length said at the end. */
export function clipString(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…[${value.length - max} more chars]` : value;
}

/** A copy of any JSON-like value with long strings cut, arrays and objects capped and depth bounded. */
export function clipValue(value: unknown, options: ClipOptions, depth = 0): unknown {
  const maxDepth = options.maxDepth ?? 12;
  const maxItems = options.maxItems ?? 200;
  if (typeof value === 'string') return clipString(value, options.maxString);
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object')
    return typeof value === 'boolean' ? value : value === undefined ? null : String(value);
  if (depth >= maxDepth) return '…[nested too deep]';
  if (Array.isArray(value)) {
    const out = value.slice(0, maxItems).map((v) => clipValue(v, options, depth + 1));
    if (value.length > maxItems) out.push(`…[${value.length - maxItems} more items]`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let kept = 0;
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, inner] of entries) {
    if (kept === maxItems) {
      out['…'] = `[${entries.length - maxItems} more keys]`;
      break;
    }
    out[clipString(key, 256)] = clipValue(inner, options, depth + 1);
    kept += 1;
  }
  return out;
}
