import { describe, expect, it } from 'vitest';
import { compileOne, matches } from './helpers.js';

// Selections a, b, c test one boolean field each, so a record is a truth assignment.
const abc = `
a:
  requestParameters.a: true
b:
  requestParameters.b: true
c:
  requestParameters.c: true
`;
const rec = (a: boolean, b: boolean, c: boolean) => ({ requestParameters: { a, b, c } });
const truth = (condition: string): boolean[] => {
  const rule = compileOne(`${abc}condition: ${condition}`);
  const out: boolean[] = [];
  for (const a of [false, true])
    for (const b of [false, true]) for (const c of [false, true]) out.push(matches(rule, rec(a, b, c)));
  return out;
};
const expected = (f: (a: boolean, b: boolean, c: boolean) => boolean): boolean[] => {
  const out: boolean[] = [];
  for (const a of [false, true]) for (const b of [false, true]) for (const c of [false, true]) out.push(f(a, b, c));
  return out;
};

describe('Sigma conditions: precedence and grouping', () => {
  it.each([
    ['a or b and c', (a: boolean, b: boolean, c: boolean) => a || (b && c)],
    ['a and b or c', (a: boolean, b: boolean, c: boolean) => (a && b) || c],
    ['not a and b', (a: boolean, b: boolean) => !a && b],
    ['not a or b', (a: boolean, b: boolean) => !a || b],
    ['not (a or b) and c', (a: boolean, b: boolean, c: boolean) => !(a || b) && c],
    ['a and not b and not c', (a: boolean, b: boolean, c: boolean) => a && !b && !c],
    ['not not a', (a: boolean) => a],
    ['(a or b) and (b or c)', (a: boolean, b: boolean, c: boolean) => (a || b) && (b || c)],
    ['a AND NOT (b OR c)', (a: boolean, b: boolean, c: boolean) => a && !(b || c)],
  ])('evaluates "%s" with not > and > or', (condition, f) => {
    expect(truth(condition)).toEqual(expected(f));
  });

  it('ORs a list of conditions', () => {
    const rule = compileOne(`${abc}condition:\n  - a and b\n  - c`);
    expect(matches(rule, rec(true, true, false))).toBe(true);
    expect(matches(rule, rec(false, false, true))).toBe(true);
    expect(matches(rule, rec(true, false, false))).toBe(false);
  });
});

describe('Sigma conditions: 1 of / all of', () => {
  const selections = `
selection_ct:
  eventSource: cloudtrail.amazonaws.com
selection_cfg:
  eventSource: config.amazonaws.com
sel_other:
  eventSource: guardduty.amazonaws.com
stop:
  eventName|startswith: [Stop, Delete]
_helper:
  errorCode|exists: true
`;

  it('nests 1 of with a wildcard inside and/not', () => {
    const rule = compileOne(`${selections}condition: 1 of selection_* and stop and not _helper`);
    expect(matches(rule, { eventSource: 'config.amazonaws.com', eventName: 'StopConfigurationRecorder' })).toBe(true);
    expect(matches(rule, { eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector' })).toBe(false);
    expect(matches(rule, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', errorCode: 'x' })).toBe(
      false,
    );
    expect(matches(rule, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StartLogging' })).toBe(false);
  });

  it('reads all of a pattern as every matching selection', () => {
    const rule = compileOne(`
part_source:
  eventSource: s3.amazonaws.com
part_name:
  eventName: PutBucketPolicy
other:
  eventName: DeleteBucket
condition: all of part_* or other`);
    expect(matches(rule, { eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy' })).toBe(true);
    expect(matches(rule, { eventSource: 'iam.amazonaws.com', eventName: 'PutBucketPolicy' })).toBe(false);
    expect(matches(rule, { eventSource: 'x', eventName: 'DeleteBucket' })).toBe(true);
  });

  it('leaves selections starting with an underscore out of "them"', () => {
    const any = compileOne(`${selections}condition: 1 of them`);
    const all = compileOne(`${selections}condition: all of them`);
    expect(matches(any, { errorCode: 'AccessDenied' })).toBe(false);
    expect(matches(any, { eventName: 'StopLogging' })).toBe(true);
    expect(matches(all, { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' })).toBe(false);
  });

  it('applies not to a whole 1 of', () => {
    const rule = compileOne(`${selections}condition: stop and not 1 of sel*`);
    expect(matches(rule, { eventSource: 'guardduty.amazonaws.com', eventName: 'DeleteDetector' })).toBe(false);
    expect(matches(rule, { eventSource: 'ec2.amazonaws.com', eventName: 'DeleteFlowLogs' })).toBe(true);
  });
});
