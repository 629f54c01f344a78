import { describe, expect, it } from 'vitest';
import { compareCodePoints, pushTo } from '../../../functions/engine/collections.js';

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

describe('compareCodePoints', () => {
  it('orders strings as their UTF-8 bytes, astral characters included', () => {
    const words = [
      '',
      'a',
      'ab',
      'b',
      'B',
      'é',
      '\uffff',
      '\ue000',
      '😀',
      '😀a',
      'a😀',
      '\ud7ff',
      'z\uffff',
      'z😀',
      'ß',
    ];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareCodePoints)).toEqual(byBytes);
    // JavaScript's own order puts the emoji (a surrogate pair) before U+FFFF: bytes put it after.
    expect(['😀', '\uffff'].sort()).toEqual(['😀', '\uffff']);
    expect(['😀', '\uffff'].sort(compareCodePoints)).toEqual(['\uffff', '😀']);
  });
});
