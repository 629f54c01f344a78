import { describe, expect, it } from 'vitest';
import { maxObjectBytesFor, openDuck, sizeBytes } from '../../../../functions/adapters/local/duckdb/connection.js';

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
});
