/**
 * Thinning a window rule's records at the source leaves its findings and its remembered states as they are: the
 * source below keys calls on `thinPaths` as the DuckDB source does (their JSON values), shows one call per key, and
 * leaves out what the plan's cut-offs say.
 */
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../../functions/engine/cloudtrail/index.js';
import { CASE_ACCOUNT, event, identity } from '../../../../../functions/engine/rules/case-builder.js';
import {
  EMPTY_RULE_CONTEXT,
  evaluateRulesDetailed,
  isWindowRule,
  planThinning,
  RULES,
  type RuleContext,
  thinPaths,
  type WindowRule,
  type WindowState,
} from '../../../../../functions/engine/rules/index.js';
import type { ThinSample } from '../../../../../functions/engine/activity/index.js';

const HOUR = 3_600_000;
const ctx: RuleContext = { ...EMPTY_RULE_CONTEXT };
const WINDOW_RULES = RULES.filter(isWindowRule);
const PATHS = thinPaths(WINDOW_RULES);
const thinnable = WINDOW_RULES.filter((r) => r.reads !== undefined);

/** A small deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const valueAt = (record: unknown, path: string): unknown =>
  path
    .slice(2)
    .split('.')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      record,
    );

const keyOf = (r: CloudTrailRecord): string => JSON.stringify(PATHS.map((p) => valueAt(r, p) ?? null));
const timeOf = (r: CloudTrailRecord): number => Date.parse(String(r.eventTime));

const windowOf = (ms: number) => ({
  start: new Date(Math.floor(ms / HOUR) * HOUR).toISOString(),
  end: new Date(Math.floor(ms / HOUR) * HOUR + HOUR).toISOString(),
});

/** What the source hands over of one run: every call, or the calls the plan keeps (as the DuckDB source thins). */
function handedOver(run: CloudTrailRecord[], states: ReadonlyMap<string, WindowState>): CloudTrailRecord[] {
  const samples = new Map<string, ThinSample>();
  for (const r of [...run].sort((a, b) => timeOf(a) - timeOf(b))) {
    const key = keyOf(r);
    const s = samples.get(key);
    if (s) s.lastMs = Math.max(s.lastMs, timeOf(r));
    else samples.set(key, { key, record: r, lastMs: timeOf(r) });
  }
  const plan = planThinning([...samples.values()], RULES, ctx);
  const cutoffs = plan.cutoffs(new Map(plan.stateKeys.flatMap((k) => (states.has(k) ? [[k, states.get(k)!]] : []))));
  return run.filter((r) => timeOf(r) >= (cutoffs.get(keyOf(r)) ?? Number.NEGATIVE_INFINITY));
}

/** Runs the rules window by window over runs of calls, carrying the state: findings, final states, calls judged. */
function judge(runs: CloudTrailRecord[][], thin: boolean) {
  const states = new Map<string, WindowState>();
  const findings: unknown[] = [];
  let judged = 0;
  for (const run of runs) {
    const calls = thin ? handedOver(run, states) : run;
    judged += calls.length;
    const byWindow = new Map<number, CloudTrailRecord[]>();
    for (const r of calls) {
      const w = Math.floor(timeOf(r) / HOUR) * HOUR;
      byWindow.set(w, [...(byWindow.get(w) ?? []), r]);
    }
    for (const [w, records] of [...byWindow].sort(([a], [b]) => a - b)) {
      records.sort((a, b) => timeOf(a) - timeOf(b));
      const out = evaluateRulesDetailed(
        { accountId: CASE_ACCOUNT, window: windowOf(w), records, states },
        WINDOW_RULES,
        ctx,
      );
      for (const s of out.states) states.set(s.key, s);
      findings.push(...out.findings);
    }
  }
  return { findings, states: [...states.values()].sort((a, b) => a.key.localeCompare(b.key)), judged };
}

const LINUX = 'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux';
const WINDOWS = 'aws-cli/2.15.0 md/installer#exe os/windows#10 md/arch#amd64 lang/python#3.11.6';
const NAMES = ['DescribeInstances', 'GetObject', 'PutObject', 'DescribeTags', 'ListBuckets'];

/** Calls of instance `i` from `start`, one every `stepS` seconds, each from `ipOf(k)` with `uaOf(k)`. */
function calls(
  n: number,
  start: number,
  stepS: number,
  o: { instance?: string; ipOf?: (k: number) => string; uaOf?: (k: number) => string } = {},
): CloudTrailRecord[] {
  return Array.from({ length: n }, (_, k) =>
    event('ec2', NAMES[k % NAMES.length]!, {
      as: { ...identity.instance('web-role', o.instance ?? 'i-0a1b2c3d4e5f60718'), accessKeyId: 'ASIAEXAMPLE' },
      ip: o.ipOf?.(k) ?? '54.240.1.10',
      userAgent: o.uaOf?.(k) ?? LINUX,
      time: new Date(start + k * stepS * 1000).toISOString(),
    }),
  );
}

const T0 = Date.parse('2026-11-20T00:00:00Z');

/** Cuts the calls into three random runs: thinning must change no finding and no state. What was found and left out. */
function sameInRandomRuns(records: CloudTrailRecord[], rand: () => number, label: string) {
  records.sort((a, b) => timeOf(a) - timeOf(b));
  const cuts = [0, ...[rand(), rand()].map((x) => Math.floor(x * records.length)).sort((a, b) => a - b)];
  const runs = cuts.map((c, i) => records.slice(c, cuts[i + 1] ?? records.length)).filter((r) => r.length > 0);
  const full = judge(runs, false);
  const thin = judge(runs, true);
  expect(thin.findings, label).toEqual(full.findings);
  expect(thin.states, label).toEqual(full.states);
  return { bursts: full.findings.length, saved: full.judged - thin.judged };
}

describe('thinning the window rules at the source', () => {
  it('leaves out most calls of a session seen from one address, with the same states', () => {
    const runs = [calls(1200, T0, 40)];
    const full = judge(runs, false);
    const thin = judge(runs, true);
    expect(thin.states).toEqual(full.states);
    expect(thin.findings).toEqual(full.findings);
    expect(full.states.length).toBeGreaterThan(0);
    // 13 hours of calls; the state keeps the last span and late allowance (4 hours) and two minutes more.
    expect(thin.judged).toBeLessThan(full.judged / 2);
  });

  it('finds the same burst when a second address appears after hours from one', () => {
    const quiet = calls(900, T0, 40);
    const theft = calls(3, T0 + 10 * HOUR, 60, { ipOf: () => '203.0.113.200' });
    const full = judge([[...quiet, ...theft]], false);
    expect(full.findings).toHaveLength(1);
    expect(judge([[...quiet, ...theft]], true)).toMatchObject({ findings: full.findings, states: full.states });
  });

  it('finds the same burst when the second address comes in a later run', () => {
    const quiet = calls(900, T0, 40);
    const theft = calls(3, T0 + 10 * HOUR + 30 * 60_000, 60, { ipOf: () => '203.0.113.200' });
    const full = judge([quiet, theft], false);
    expect(full.findings).toHaveLength(1);
    const thin = judge([quiet, theft], true);
    expect(thin.findings).toEqual(full.findings);
    expect(thin.states).toEqual(full.states);
  });

  it('keeps every call of a combination another rule fetches', () => {
    // The password-data rule declares nothing it reads: what it fetches is handed over whole.
    const passwords = Array.from({ length: 4 }, (_, k) =>
      event('ec2', 'GetPasswordData', {
        as: identity.instance('web-role', 'i-0a1b2c3d4e5f60718'),
        ip: '54.240.1.10',
        time: new Date(T0 + k * HOUR).toISOString(),
        request: { instanceId: 'i-0123456789abcdef0' },
      }),
    );
    const samples = [{ key: 'k', record: passwords[0]!, lastMs: T0 + 3 * HOUR }];
    const plan = planThinning(samples, RULES, ctx);
    expect(plan.cutoffs(new Map()).get('k')).toBe(Number.NEGATIVE_INFINITY);
    // With the instance rule alone, the session's one address and client leave out what its state would not keep:
    // before the span and the late allowance (4 hours) ahead of the last call, less two minutes.
    const alone = planThinning(samples, thinnable, ctx);
    expect(alone.cutoffs(new Map()).get('k')).toBe(T0 + 3 * HOUR - 4 * HOUR - 120_000);
    // A call that gives no observation (a private address) is never needed.
    const inside = [{ key: 'p', record: { ...passwords[0]!, sourceIPAddress: '10.0.0.4' }, lastMs: T0 }];
    expect(planThinning(inside, thinnable, ctx).cutoffs(new Map()).get('p')).toBe(Number.POSITIVE_INFINITY);
  });

  it('gives the same findings and states on random sessions cut into random runs', () => {
    let bursts = 0;
    let saved = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rand = prng(seed);
      const ips = ['54.240.1.10', '54.240.1.11', '203.0.113.200', '2600:1f18:abcd:1200::5', '10.0.0.4'];
      const records: CloudTrailRecord[] = [];
      for (const instance of ['i-0a1b2c3d4e5f60718', 'i-0fedcba987654321f']) {
        const own = ips.slice(0, rand() < 0.7 ? 1 : 2);
        const windowsAt = rand() < 0.3 ? Math.floor(rand() * 600) : -1;
        const stranger = rand() < 0.5 ? ips[2 + Math.floor(rand() * 3)]! : null;
        const strangerAt = Math.floor(rand() * 600);
        records.push(
          ...calls(400 + Math.floor(rand() * 400), T0 + Math.floor(rand() * HOUR), 30 + Math.floor(rand() * 90), {
            instance,
            ipOf: (k) => (stranger !== null && k >= strangerAt && k < strangerAt + 3 ? stranger : own[k % own.length]!),
            uaOf: (k) => (k === windowsAt ? WINDOWS : LINUX),
          }),
        );
      }
      const seen = sameInRandomRuns(records, rand, `seed ${seed}`);
      bursts += seen.bursts;
      saved += seen.saved;
    }
    // The seeds exercise both: bursts found, and calls left out.
    expect(bursts).toBeGreaterThan(10);
    expect(saved).toBeGreaterThan(1000);
  });

  it('keeps every filter read of secrets: each call is a target of its own', () => {
    const filterRead = (k: number): CloudTrailRecord =>
      event('secretsmanager', 'BatchGetSecretValue', {
        as: identity.role('sync', 'controller'),
        time: new Date(T0 + k * 10 * 60_000).toISOString(),
        request: { filters: [{ key: 'tag-key', values: ['team'] }] },
      });
    const plan = planThinning([{ key: 'f', record: filterRead(0), lastMs: T0 + HOUR }], RULES, ctx);
    expect(plan.cutoffs(new Map()).get('f')).toBe(Number.NEGATIVE_INFINITY);
    // Two filter reads ten minutes apart are one key, and a burst of two calls.
    const reads = [filterRead(0), filterRead(1)];
    const full = judge([reads], false);
    expect(full.findings).toHaveLength(1);
    expect(judge([reads], true)).toMatchObject({ findings: full.findings, states: full.states });
  });

  it('gives the same findings and states for parameters and secrets read by random principals in random runs', () => {
    const principals = [
      identity.role('app', 'task-1'),
      identity.role('app', 'task-2'),
      identity.role('batch', 'nightly'),
      identity.user('alice'),
    ];
    const parameter = (n: number): string => `/app/config/param-${n}`;
    let bursts = 0;
    let saved = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const rand = prng(1000 + seed);
      const records: CloudTrailRecord[] = [];
      for (const [p, as] of principals.entries()) {
        // An application's reads of the same few names all day, now and then a dump of many.
        const own = 1 + Math.floor(rand() * 4);
        const dumpAt = rand() < 0.4 ? Math.floor(rand() * 500) : -1;
        const step = 30 + Math.floor(rand() * 120);
        const start = T0 + Math.floor(rand() * HOUR);
        for (let k = 0; k < 500; k++) {
          const time = new Date(start + k * step * 1000).toISOString();
          const dumping = dumpAt >= 0 && k >= dumpAt && k < dumpAt + 4;
          const names = dumping
            ? Array.from({ length: 4 }, (_, i) => parameter(100 + (k - dumpAt) * 4 + i))
            : [parameter((p + k) % own)];
          const denied = rand() < 0.05 ? { error: 'AccessDeniedException' } : {};
          if (rand() < 0.5) {
            records.push(
              event('ssm', 'GetParameters', { as, time, request: { names, withDecryption: rand() < 0.9 }, ...denied }),
            );
          } else {
            for (const [i, name] of names.entries()) {
              records.push(
                event('secretsmanager', 'GetSecretValue', {
                  as,
                  time,
                  request: { secretId: name },
                  ...(i === 0 ? denied : {}),
                }),
              );
            }
          }
          if (rand() < 0.01) records.push(event('ssm', 'DescribeParameters', { as, time }));
        }
      }
      const seen = sameInRandomRuns(records, rand, `seed ${seed}`);
      bursts += seen.bursts;
      saved += seen.saved;
    }
    // The seeds exercise both: dumps found, and an application's repeated reads left out.
    expect(bursts).toBeGreaterThan(5);
    expect(saved).toBeGreaterThan(5000);
  });
});

describe('what a thinnable rule declares it reads', () => {
  /** Every leaf path of a record (`$.a.b`), arrays as leaves. */
  const leaves = (v: unknown, prefix = '$'): string[] =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => leaves(x, `${prefix}.${k}`))
      : [prefix];
  const covered = (path: string, rule: WindowRule): boolean =>
    thinPaths([rule]).some((p) => path === p || path.startsWith(`${p}.`));

  it.each(thinnable.map((r) => [r.id, r] as const))('%s observes nothing outside what it declares', (_id, rule) => {
    const records = rule.cases.flatMap((c) => c.records);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const seen = JSON.stringify(rule.observe(record, ctx));
      // A call counted as its own target (`countsCalls`) is named by its id: the source hands over every one.
      const own = rule.countsCalls?.(record) === true ? ['$.eventID', '$.requestID'] : [];
      for (const path of leaves(record).filter((p) => !covered(p, rule) && !own.includes(p))) {
        const changed = structuredClone(record) as Record<string, unknown>;
        const keys = path.slice(2).split('.');
        let at = changed;
        for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
        at[keys.at(-1)!] = 'changed-value';
        expect(JSON.stringify(rule.observe(changed as CloudTrailRecord, ctx)), `${rule.id} ${path}`).toBe(seen);
      }
    }
  });
});
