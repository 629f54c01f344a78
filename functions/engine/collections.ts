/**
 * Small collection helpers every layer uses (Node 20 has no `Map.groupBy`), and the one string order.
 * @module
 */

/** Adds `value` to the list `map` holds under `key`, in place: copying the list per value is quadratic. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A UTF-16 code unit's rank in code point order: surrogates (astral characters) above the rest of the BMP. */
const rank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit);

/**
 * Strings in code point order, which is the byte order of their UTF-8 (how DuckDB and Athena sort VARCHAR):
 * the same on every machine and locale. JavaScript's `<` differs only for astral characters against
 * U+E000-U+FFFF, and is what this does for every string without them.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
