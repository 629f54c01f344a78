import { describe, expect, it } from 'vitest';
import { batches } from '../../../../../functions/adapters/local/files/index.js';

describe('batches', () => {
  it('keeps the order, fills each batch up to the limit and gives an oversized item a batch of its own', () => {
    const sizes = [4, 3, 3, 12, 1, 9, 2];
    const out = [...batches(sizes, (n) => n, 10)];
    expect(out).toEqual([[4, 3, 3], [12], [1, 9], [2]]);
    expect(out.flat()).toEqual(sizes);
  });

  it('gives nothing for nothing', () => {
    expect([...batches([], (n: number) => n, 10)]).toEqual([]);
  });
});
