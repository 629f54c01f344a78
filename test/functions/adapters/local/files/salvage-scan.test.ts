import { describe, expect, it } from 'vitest';
import {
  findRecordStart,
  newScan,
  OPEN,
  scanValue,
  UNBALANCED,
} from '../../../../../functions/adapters/local/files/salvage-scan.js';

const scan = (text: string) => scanValue(Buffer.from(text), 0, newScan());

describe('scanValue', () => {
  it('finds the end of an object, ignoring brackets and quotes inside strings', () => {
    const value = '{"a":"}]\\"{[","b":[{"c":"\\\\"}]}';
    expect(scan(`${value},{"next":1}`)).toBe(value.length);
  });

  it('finds the end of a string value', () => {
    expect(scan('"ab\\"c", 1')).toBe(7);
  });

  it('says when the bytes end inside the value, and when a bracket closes nothing', () => {
    expect(scan('{"a":[1,2')).toBe(OPEN);
    expect(scan('{"a":"x')).toBe(OPEN);
    expect(scan('}')).toBe(UNBALANCED);
  });

  it('carries an escape that ends one chunk into the next', () => {
    const state = newScan();
    expect(scanValue(Buffer.from('{"a":"x\\'), 0, state)).toBe(OPEN);
    expect(state).toEqual({ depth: 1, inString: true, escape: true });
    expect(scanValue(Buffer.from('"","b":1}'), 0, state)).toBe(9);
  });

  it('is not fooled by an even run of backslashes before a quote', () => {
    const state = newScan();
    expect(scanValue(Buffer.from('{"a":"x\\\\'), 0, state)).toBe(OPEN);
    expect(state.escape).toBe(false);
    expect(scanValue(Buffer.from('","b":1}'), 0, state)).toBe(8);
  });
});

describe('findRecordStart', () => {
  it('finds the next record by a key only records have at their top level', () => {
    expect(findRecordStart(Buffer.from('garbage},{ "eventVersion" : "1.08"'))).toBe(9);
    expect(findRecordStart(Buffer.from('x{"awsRegion":"us-east-1"'))).toBe(1);
    expect(findRecordStart(Buffer.from('{"type":"Role","arn":"x"}'))).toBe(-1);
  });
});
