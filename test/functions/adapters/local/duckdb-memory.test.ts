import { describe, expect, it } from 'vitest';
import { maxObjectBytesFor, openDuck, sizeBytes } from '../../../../functions/adapters/local/duckdb/connection.js';
import { CandidateDensity, densityKey } from '../../../../functions/adapters/local/duckdb/candidate-density.js';

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

  it('learns candidate records per byte for each account and region, the densest standing for the unread', () => {
    const layout = (accountId: string, region: string) => ({
      layout: { orgId: null, accountId, region, date: '2026-01-05', deliveredAt: null },
    });
    const a = densityKey(layout('111111111111', 'us-east-1'));
    const b = densityKey(layout('222222222222', 'us-east-1'));
    expect(a).not.toBe(b);
    expect(densityKey(layout('111111111111', 'eu-west-1'))).not.toBe(a);
    expect(densityKey({ layout: null })).toBe('');

    const d = new CandidateDensity();
    const file = (key: typeof a, size: number) => {
      const [accountId = '', region = ''] = key.split('/');
      return { size, ...(key === '' ? { layout: null } : layout(accountId, region)) };
    };
    // Nothing read yet: weightless (the first batch is sized by its bytes).
    expect(d.of(a)).toBe(0);
    d.add([file(a, 600), file(a, 400)], 10);
    expect(d.of(a)).toBeCloseTo(0.01);
    expect(d.expected(file(a, 2000))).toBeCloseTo(20);
    // An account not read yet counts as the densest seen, not as the last batch's.
    d.add([file(b, 1000)], 1);
    expect(d.of(b)).toBeCloseTo(0.001);
    expect(d.of('333333333333/us-east-1')).toBeCloseTo(0.01);
    // A batch over two keys shares its candidates by their bytes; a key's density is what all its files gave.
    d.add([file(a, 3000), file(b, 1000)], 40);
    expect(d.of(a)).toBeCloseTo((10 + 30) / 4000);
    expect(d.of(b)).toBeCloseTo((1 + 10) / 2000);
    // A batch of salvaged copies (no known size) teaches nothing.
    d.add([file('', 0)], 5);
    expect(d.of('')).toBeCloseTo(0.01);
  });
});
