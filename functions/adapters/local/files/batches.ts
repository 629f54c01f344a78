/**
 * Splits input into batches of about `maxBytes` each (a single item larger than that is a batch of its own),
 * in order: what DuckDB reads in one statement.
 * @module
 */

/**
 * Consecutive batches of `items` whose sizes add up to at most `maxBytes` (or one item each when larger), and
 * of at most `maxItems` items.
 */
export function* batches<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  maxBytes: number,
  maxItems = Number.POSITIVE_INFINITY,
): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (bytes + size > maxBytes || batch.length >= maxItems)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
