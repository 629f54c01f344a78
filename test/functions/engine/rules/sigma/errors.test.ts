import { describe, expect, it } from 'vitest';
import { compileSigmaRules } from '../../../../../functions/engine/rules/sigma/index.js';
import { ruleText } from './helpers.js';

const refuse = (text: string, path = 'rules/bad.yml') => {
  const { rules, errors } = compileSigmaRules([{ path, text }]);
  expect(rules).toEqual([]);
  expect(errors).toHaveLength(1);
  return errors[0]!;
};

describe('Sigma errors name the file and the line', () => {
  it('reports YAML syntax errors at their line', () => {
    const e = refuse('title: x\nlogsource:\n  product: aws\n detection: [\n');
    expect(e.path).toBe('rules/bad.yml');
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.message).toMatch(/^YAML: /);
  });

  it('refuses a YAML alias bomb as an error of its file', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(['b', 'c', 'd', 'e', 'f'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`))
      .join('\n');
    expect(refuse(`${ruleText('s:\n  eventName: x\ncondition: s')}${bomb}\n`).message).toMatch(/^YAML: .*alias/i);
  });

  it('requires a title, the CloudTrail logsource and a condition', () => {
    expect(refuse(ruleText('s:\n  eventName: x\ncondition: s').replace('title: Test rule\n', '')).message).toMatch(
      /"title" is required/,
    );
    const wrong = refuse(
      ruleText('s:\n  eventName: x\ncondition: s').replace('service: cloudtrail', 'service: guardduty'),
    );
    expect(wrong).toMatchObject({
      line: 2,
      message: expect.stringMatching(/service: cloudtrail .*got product: aws, service: guardduty/),
    });
    expect(refuse(ruleText('s:\n  eventName: x')).message).toMatch(/detection\.condition" is required/);
  });

  it('points at the condition line for a name detection does not define', () => {
    const e = refuse(ruleText('selection:\n  eventName: x\ncondition: selection and filter'));
    expect(e).toMatchObject({ line: 8, message: 'condition names "filter", which detection does not define' });
  });

  it('explains where a condition cannot be read', () => {
    expect(refuse(ruleText('s:\n  eventName: x\ncondition: s and (s or')).message).toMatch(
      /expected a selection name.* at the end/,
    );
    expect(refuse(ruleText('s:\n  eventName: x\ncondition: s s')).message).toMatch(
      /unexpected words at "s" \(column 3\)/,
    );
    expect(refuse(ruleText('s:\n  eventName: x\ncondition: 2 of s*')).message).toMatch(/"2 of" is not supported/);
    expect(refuse(ruleText('s:\n  eventName: x\ncondition: 1 of x*')).message).toMatch(
      /"x\*" in the condition matches no selection/,
    );
  });

  it('reports an invalid regular expression and CIDR at the item line', () => {
    expect(refuse(ruleText("s:\n  eventName: x\n  userAgent|re: '(unclosed'\ncondition: s"))).toMatchObject({
      line: 8,
      message: expect.stringMatching(/invalid regular expression/),
    });
    expect(refuse(ruleText('s:\n  sourceIPAddress|cidr: 10.0.0.0/33\ncondition: s')).message).toMatch(
      /is not a CIDR block/,
    );
  });

  it('refuses two files compiling to the same id, naming both', () => {
    const text = ruleText('s:\n  eventName: x\ncondition: s');
    const { rules, errors } = compileSigmaRules([
      { path: 'a/Trail Stopped.yml', text },
      { path: 'b/trail-stopped.yaml', text },
    ]);
    expect(rules.map((r) => r.id)).toEqual(['sigma.trail-stopped']);
    expect(errors[0]).toMatchObject({
      path: 'b/trail-stopped.yaml',
      message: expect.stringMatching(/already taken by a\/Trail Stopped\.yml/),
    });
  });

  it('reports bad case lines with their line number and keeps the good ones', () => {
    const { rules, errors } = compileSigmaRules([
      { path: 'r/x.yml', text: ruleText('s:\n  eventName: StopLogging\ncondition: s') },
      {
        path: 'r/x.cases.jsonl',
        text: '{"name":"ok","expect":true,"record":{"eventName":"StopLogging"}}\n\n{"name":"bad","expect":"yes","record":{}}\nnot json\n',
      },
      { path: 'r/orphan.cases.jsonl', text: '' },
    ]);
    expect(rules[0]!.cases.map((c) => c.name)).toEqual(['ok']);
    expect(errors.map((e) => `${e.path}:${e.line}`)).toEqual([
      'r/x.cases.jsonl:3',
      'r/x.cases.jsonl:4',
      'r/orphan.cases.jsonl:null',
    ]);
  });
});

describe('unsupported Sigma constructs are refused by name', () => {
  it.each([
    ['an aggregation', 's:\n  eventName: x\ncondition: s | count() by userIdentity.arn > 5', /aggregation expressions/],
    ['near', 's:\n  eventName: x\nt:\n  eventName: y\ncondition: s near t', /"near" correlation operator/],
    ['timeframe', 's:\n  eventName: x\ntimeframe: 5m\ncondition: s', /"timeframe" \(a correlation over time\)/],
    [
      '|base64offset',
      's:\n  requestParameters.x|base64offset|contains: abc\ncondition: s',
      /modifier \|base64offset is not supported/,
    ],
    ['|windash', 's:\n  userAgent|windash: -x\ncondition: s', /modifier \|windash is not supported/],
    ['an unknown modifier', 's:\n  userAgent|fuzzy: x\ncondition: s', /unknown modifier \|fuzzy/],
    [
      'contradicting modifiers',
      's:\n  userAgent|contains|re: x\ncondition: s',
      /\|contains and \|re cannot be combined/,
    ],
    ['a keyword list', 'keywords:\n  - kali\ncondition: keywords', /keyword list \(full-text search\)/],
    ['a nested map', 's:\n  requestParameters:\n    name: x\ncondition: s', /nested maps are not supported/],
  ])('refuses %s', (_name, detection, message) => {
    expect(refuse(ruleText(detection)).message).toMatch(message);
  });

  it('refuses correlation rules and rule collections', () => {
    expect(refuse(`title: c\ncorrelation:\n  type: event_count\n`).message).toMatch(
      /correlation rules are not supported/,
    );
    expect(
      refuse(`${ruleText('s:\n  eventName: x\ncondition: s')}---\n${ruleText('s:\n  eventName: y\ncondition: s')}`)
        .message,
    ).toMatch(/rule collections/);
  });

  it('still compiles the good files beside a refused one', () => {
    const { rules, errors } = compileSigmaRules([
      { path: 'r/good.yml', text: ruleText('s:\n  eventName: x\ncondition: s') },
      { path: 'r/bad.yml', text: ruleText('s:\n  eventName: x\ncondition: s | count() > 1') },
    ]);
    expect(rules.map((r) => r.id)).toEqual(['sigma.good']);
    expect(errors.map((e) => e.path)).toEqual(['r/bad.yml']);
  });
});
