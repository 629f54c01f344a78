import { describe, expect, it } from 'vitest';
import { MAX_BATCH_FILES, batches } from '../../../../../functions/adapters/local/files/index.js';

describe('batches', () => {
  it('keeps the order, fills each batch up to the limit and gives an oversized item a batch of its own', () => {
    const sizes = [4, 3, 3, 12, 1, 9, 2];
    const out = [...batches(sizes, (n) => n, 10)];
    expect(out).toEqual([[4, 3, 3], [12], [1, 9], [2]]);
    expect(out.flat()).toEqual(sizes);
  });

  it('caps the items per batch, whatever their sizes (DuckDB pays per file)', () => {
    expect([...batches([1, 1, 1, 1, 1], (n) => n, 100, 2)]).toEqual([[1, 1], [1, 1], [1]]);
    const tiny = Array.from({ length: MAX_BATCH_FILES + 1 }, () => 1);
    expect([...batches(tiny, (n) => n, 1 << 30)].map((b) => b.length)).toEqual([MAX_BATCH_FILES, 1]);
  });

  it('asks a bound given as a function again for each batch, once the batch before it was used', () => {
    let bound = 10;
    const out: number[][] = [];
    for (const batch of batches(
      [5, 5, 5, 5, 5, 5, 5],
      (n) => n,
      () => bound,
    )) {
      out.push(batch);
      bound = out.length === 1 ? 5 : 15;
    }
    expect(out).toEqual([[5, 5], [5], [5, 5, 5], [5]]);
  });

  it('gives nothing for nothing', () => {
    expect([...batches([], (n: number) => n, 10)]).toEqual([]);
  });
});
