import { describe, expect, it } from 'vitest';
import { pushTo } from '../../../functions/engine/collections.js';

describe('pushTo', () => {
  it('groups values under their key in order, growing the one list in place', () => {
    const map = new Map<string, number[]>();
    pushTo(map, 'a', 1);
    const first = map.get('a');
    pushTo(map, 'b', 2);
    pushTo(map, 'a', 3);
    expect([...map]).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    expect(map.get('a')).toBe(first);
  });
});
