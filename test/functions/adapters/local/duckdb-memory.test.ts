import { describe, expect, it } from 'vitest';
import { maxObjectBytesFor, openDuck, sizeBytes } from '../../../../functions/adapters/local/duckdb/connection.js';
import { batchBytesFor } from '../../../../functions/adapters/local/duckdb/staging.js';

describe('DuckDB under a memory limit', () => {
  it('reads sizes in DuckDB notation', () => {
    expect(sizeBytes('512MB')).toBe(512e6);
    expect(sizeBytes('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(sizeBytes('lots')).toBeNull();
  });

  it('keeps the JSON object limit within what the memory limit leaves each reading thread', () => {
    expect(maxObjectBytesFor(undefined, 2)).toBe(1 << 29);
    expect(maxObjectBytesFor('512MB', 2)).toBe(32e6);
    expect(maxObjectBytesFor('256MB', 2)).toBe(1 << 24);
    expect(maxObjectBytesFor('64MB', 8)).toBe(1 << 24);
    expect(maxObjectBytesFor('64GB', 2)).toBe(1 << 29);
  });

  it('opens with the scaled limit so a read fits in memory', async () => {
    const duck = await openDuck({ memoryLimit: '512MB', threads: 2 });
    try {
      expect(duck.maxObjectBytes).toBe(32e6);
    } finally {
      duck.close();
    }
  });

  it('gives freed memory back after every large free only under a memory limit', async () => {
    const flushAt = async (o: Parameters<typeof openDuck>[0]): Promise<string> => {
      const duck = await openDuck(o);
      try {
        const r = await duck.connection.runAndReadAll(
          `SELECT current_setting('allocator_bulk_deallocation_flush_threshold') AS v`,
        );
        return String(r.getRowObjectsJson()[0]?.['v']);
      } finally {
        duck.close();
      }
    };
    const limited = await flushAt({ memoryLimit: '512MB', threads: 2 });
    const unlimited = await flushAt({ threads: 2 });
    expect(sizeBytes(limited)).toBeLessThanOrEqual(8e6 * 1.05);
    // Without a limit, DuckDB's default stands: flushing after every large free costs half as much time again.
    expect(sizeBytes(unlimited)).toBeGreaterThan(sizeBytes(limited) ?? 0);
  });

  it('sizes the next staging batch by the candidate records a byte of the last one gave', () => {
    const max = 24 << 20;
    // No candidates (or nothing read): the largest batch.
    expect(batchBytesFor(0, max)).toBe(max);
    expect(batchBytesFor(Number.NaN, max)).toBe(max);
    // Ordinary input (the 1M set's densest batch: 13,000 in 24 MB) keeps the largest batch.
    expect(batchBytesFor(13_000 / max, max)).toBe(max);
    // Dense input (58,000 in 24 MB) gets a batch that holds 16,000 of them.
    const dense = 58_000 / max;
    expect(batchBytesFor(dense, max)).toBe(Math.floor(16_000 / dense));
    expect(batchBytesFor(dense, max)).toBeLessThan(max / 3);
    // Never below 4 MB (a batch has a fixed cost), nor above what the caller allows.
    expect(batchBytesFor(1, max)).toBe(4 << 20);
    expect(batchBytesFor(1, 1)).toBe(1);
  });
});
