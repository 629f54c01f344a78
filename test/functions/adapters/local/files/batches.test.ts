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

  it('closes a batch at its weight once it holds the smallest batch, asking each weight when the item is reached', () => {
    let perByte = 0;
    const weights: number[] = [];
    const weight = {
      of: (n: number) => {
        weights.push(n * perByte);
        return n * perByte;
      },
      max: 10,
      minBytes: 4,
    };
    const out: number[][] = [];
    for (const batch of batches([4, 4, 4, 4, 4, 4, 1, 1], (n) => n, 8, 100, weight)) {
      out.push(batch);
      perByte = 2; // what the first batch held: every later item weighs twice its size
    }
    // Weightless at first, the bytes close [4, 4]; then a 4 weighs 8 and two exceed 10; a 4 and a 1 make 10.
    expect(out).toEqual([[4, 4], [4], [4], [4], [4, 1], [1]]);
    // The third item, which opened a batch for its bytes, was weighed once the batch before it was used; an item
    // that opens a batch for its weight is weighed again.
    expect(weights).toEqual([0, 0, 8, 8, 8, 8, 8, 8, 8, 2, 2, 2]);
  });

  it('keeps a batch under the smallest size whatever its weight', () => {
    const heavy = { of: () => 100, max: 10, minBytes: 3 };
    expect([...batches([1, 1, 1, 1, 1, 1, 1], (n) => n, 100, 100, heavy)]).toEqual([[1, 1, 1], [1, 1, 1], [1]]);
  });

  it('gives nothing for nothing', () => {
    expect([...batches([], (n: number) => n, 10)]).toEqual([]);
  });
});
