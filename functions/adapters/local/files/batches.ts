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

/** A second bound on a batch: the weight of its items (what a batch of them will hold in memory, say). */
export interface BatchWeight<T> {
  /**
   * An item's weight, asked when the item is reached, after the batches before it were used (so it can follow what
   * they held). Asked again for an item that opens a new batch for its weight.
   */
  of: (item: T) => number;
  /** The weight a batch holds at most, once it holds `minBytes` (a smaller batch is not worth its fixed cost). */
  max: number;
  minBytes: number;
}

/**
 * Consecutive batches of `items` whose sizes add up to at most `maxBytes` (or one item each when larger), of at
 * most `maxItems` items, and, with `weight`, whose weights add up to at most `weight.max` once a batch holds
 * `weight.minBytes`.
 */
export function* batches<T>(
  items: Iterable<T>,
  sizeOf: (item: T) => number,
  maxBytes: number,
  maxItems = MAX_BATCH_FILES,
  weight?: BatchWeight<T>,
): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  let load = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (batch.length > 0 && (bytes + size > maxBytes || batch.length >= maxItems)) {
      yield batch;
      batch = [];
      bytes = 0;
      load = 0;
    }
    let w = weight?.of(item) ?? 0;
    if (weight && batch.length > 0 && bytes >= weight.minBytes && load + w > weight.max) {
      yield batch;
      batch = [];
      bytes = 0;
      load = 0;
      w = weight.of(item);
    }
    batch.push(item);
    bytes += size;
    load += w;
  }
  if (batch.length > 0) yield batch;
}
