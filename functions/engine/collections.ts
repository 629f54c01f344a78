/**
 * Small collection helpers every layer uses (Node 20 has no `Map.groupBy`).
 * @module
 */

/** Adds `value` to the list `map` holds under `key`, in place: copying the list per value is quadratic. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
