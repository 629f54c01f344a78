import { describe, expect, it } from 'vitest';
import { orderCandidates } from '../../../../functions/adapters/local/duckdb/activity-sql.js';

describe('orderCandidates', () => {
  it('keeps one record per event, the earliest, ordered by window, time and id as DuckDB orders them', () => {
    // Prepare: columns as the client returns them (window, time, id, hash, text), in no order.
    const rows: Array<[number, number, string, bigint, string]> = [
      [7_200_000, 7_300_000, 'b', 2n, 'B-late'],
      [3_600_000, 3_700_000, '\uffff', 3n, 'FFFF'],
      [3_600_000, 3_700_000, '😀', 4n, 'EMOJI'],
      [3_600_000, 3_650_000, 'z', 5n, 'Z'],
      [7_200_000, 7_250_000, 'b', 2n, 'B-early'],
      [3_600_000, 3_600_000, 'a', 1n, 'A2'],
      [3_600_000, 3_600_000, 'a', 1n, 'A1'],
    ];
    const columns = [0, 1, 2, 3, 4].map((c) => rows.map((r) => r[c]));
    // Act
    const ordered = orderCandidates(columns);
    // Assess: duplicates kept once (the earliest, then the smaller text); U+FFFF before the astral emoji.
    expect(ordered).toEqual([
      { windowMs: 3_600_000, text: 'A1' },
      { windowMs: 3_600_000, text: 'Z' },
      { windowMs: 3_600_000, text: 'FFFF' },
      { windowMs: 3_600_000, text: 'EMOJI' },
      { windowMs: 7_200_000, text: 'B-early' },
    ]);
  });

  it('reads no columns as no records', () => {
    expect(orderCandidates([])).toEqual([]);
  });
});
