/** Window rules judge bursts on a sliding span: the same calls give the same findings however they are cut into windows and runs. */
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../../functions/engine/cloudtrail/index.js';
import { CASE_ACCOUNT, event, identity } from '../../../../../functions/engine/rules/case-builder.js';
import {
  EMPTY_RULE_CONTEXT,
  evaluateRulesDetailed,
  RULES,
  type RuleContext,
  type WindowState,
} from '../../../../../functions/engine/rules/index.js';

const HOUR = 3_600_000;
const rule = RULES.filter((r) => r.id === 'aws.secretsmanager.secrets-retrieved-in-bulk');
const ctx: RuleContext = { ...EMPTY_RULE_CONTEXT };

/** `n` distinct secrets read one every `stepMin` minutes from `start`. */
function reads(n: number, start: string, stepMin: number, as = identity.role('ci', 'build')): CloudTrailRecord[] {
  return Array.from({ length: n }, (_, i) =>
    event('secretsmanager', 'GetSecretValue', {
      as,
      time: new Date(Date.parse(start) + i * stepMin * 60_000).toISOString(),
      request: { secretId: `prod/secret-${i}` },
    }),
  );
}

const windowOf = (ms: number) => ({
  start: new Date(Math.floor(ms / HOUR) * HOUR).toISOString(),
  end: new Date(Math.floor(ms / HOUR) * HOUR + HOUR).toISOString(),
});

/** Runs the rule over the records cut into hourly windows, in the given batches (runs), carrying the state. */
function judge(batches: CloudTrailRecord[][]): string[] {
  const states = new Map<string, WindowState>();
  const ids: string[] = [];
  for (const batch of batches) {
    const byWindow = new Map<string, CloudTrailRecord[]>();
    for (const r of batch) {
      const w = windowOf(Date.parse(String(r.eventTime))).start;
      byWindow.set(w, [...(byWindow.get(w) ?? []), r]);
    }
    for (const [start, records] of [...byWindow].sort(([a], [b]) => a.localeCompare(b))) {
      const out = evaluateRulesDetailed(
        { accountId: CASE_ACCOUNT, window: windowOf(Date.parse(start)), records, states },
        rule,
        ctx,
      );
      for (const s of out.states) states.set(s.key, s);
      ids.push(...out.findings.map((f) => f.id));
    }
  }
  return ids;
}

describe('window rules on a sliding span', () => {
  it('flags 12 secrets read from 13:40 to 14:20, across the hour boundary', () => {
    const burst = reads(12, '2026-11-20T13:40:00Z', 3.5);
    expect(judge([burst])).toHaveLength(1);
  });

  it('gives the same finding when the burst is cut into two runs at any point', () => {
    const burst = reads(12, '2026-11-20T13:40:00Z', 3.5);
    const whole = judge([burst]);
    for (let cut = 1; cut < burst.length; cut++) {
      expect(judge([burst.slice(0, cut), burst.slice(cut)]), `cut after ${cut}`).toEqual(whole);
    }
  });

  it('reports a burst once however often its calls are read again (a rerun, an overlapping run)', () => {
    const burst = reads(12, '2026-11-20T13:40:00Z', 3.5);
    expect(judge([burst, burst, burst.slice(4)])).toHaveLength(1);
  });

  it('stays silent when the reads are spread wider than the span', () => {
    expect(judge([reads(12, '2026-11-20T08:00:00Z', 10)])).toEqual([]);
  });

  it('reports a second burst after a quiet span', () => {
    const first = reads(12, '2026-11-20T10:00:00Z', 1);
    const second = reads(12, '2026-11-20T16:00:00Z', 1).map((r, i) => ({
      ...r,
      requestParameters: { secretId: `prod/other-${i}` },
    }));
    expect(new Set(judge([first, second])).size).toBe(2);
  });

  it('judges a burst delivered late within the late-delivery allowance', () => {
    const burst = reads(12, '2026-11-20T13:40:00Z', 3.5);
    const late = [burst.filter((_, i) => i % 2 === 0), burst.filter((_, i) => i % 2 === 1)];
    expect(judge(late)).toEqual(judge([burst]));
  });
});
