/**
 * Splits input into batches of about `maxBytes` each (a single item larger than that is a batch of its own),
 * in order: what DuckDB reads in one statement.
 * @module
 */

/**
 * Files per DuckDB read at most: DuckDB's memory for a read grows with its files, however small. 24 MB of the
 * 120-account generated set's tiny files is about 37,000 files; with batches of at most 8,192 that scan peaked at
 * 865 MB instead of 1,011 MB (docs/performance.md, fifth pass). Real delivery files are larger: the 1M and 4.8M
 * sets' 24 MB batches hold about 2,800 and 3,800 files.
 */
export const MAX_BATCH_FILES = 8192;

/**
 * Consecutive batches of `items` whose sizes add up to at most `maxBytes` (or one item each when larger), and
 * of at most `maxItems` items. A function for `maxBytes` is asked again for each batch, after the one before it was
 * used: a reader can size the next batch by what the last one held.
 */
export function* batches<T>(
  items: Iterable<T>,
  sizeOf: (item: T) => number,
  maxBytes: number | (() => number),
  maxItems = MAX_BATCH_FILES,
): Generator<T[]> {
  const bound = typeof maxBytes === 'number' ? () => maxBytes : maxBytes;
  let batch: T[] = [];
  let bytes = 0;
  let limit = bound();
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (bytes + size > limit || batch.length >= maxItems)) {
      yield batch;
      batch = [];
      bytes = 0;
      limit = bound();
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
