/** Option validation and `--events` sizing. */
import { describe, expect, it } from 'vitest';
import { countRoutineEvents, defaultOrgId, resolveOptions, sizeForEvents } from '../../../functions/generator/index.js';

describe('resolveOptions', () => {
  it('fills the defaults: 5 accounts, 30 days, start 2026-01-05, learning 14 days, an org id from the seed', () => {
    const r = resolveOptions({ out: '/tmp/x', seed: 42 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toMatchObject({
      accounts: 5,
      days: 30,
      start: '2026-01-05',
      learningDays: 14,
      seed: '42',
      withMalformed: false,
      activity: 1,
    });
    expect(r.options.orgId).toBe(defaultOrgId('42'));
    expect(r.options.orgId).toMatch(/^o-[a-z0-9]{10}$/);
  });

  it.each([
    [{ accounts: 0 }, '--accounts'],
    [{ days: 1.5 }, '--days'],
    [{ start: '2026-02-30' }, '--start'],
    [{ orgId: 'org-123' }, '--org-id'],
    [{ learningDays: -1 }, '--learning-days'],
    [{ activity: 0 }, 'activity'],
  ])('rejects %o with a reason naming the option', (input, name) => {
    const r = resolveOptions({ out: '/tmp/x', ...input });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(name);
  });
});

describe('sizeForEvents', () => {
  it('chooses an activity level that lands near the requested number of events', () => {
    const r = resolveOptions({ out: '/tmp/x', seed: 3, accounts: 3, days: 15 });
    if (!r.ok) throw new Error(r.reason);
    const sized = sizeForEvents(r.options, 40_000, { accounts: true, days: true });
    expect(sized.accounts).toBe(3);
    expect(sized.days).toBe(15);
    expect(sized.targetEvents).toBe(40_000);
    const counted = countRoutineEvents(sized);
    expect(Math.abs(counted - 40_000) / 40_000).toBeLessThan(0.1);
  });

  it('picks accounts and days itself when they were not given', () => {
    const r = resolveOptions({ out: '/tmp/x', seed: 3 });
    if (!r.ok) throw new Error(r.reason);
    const sized = sizeForEvents(r.options, 100_000, { accounts: false, days: false });
    expect(sized.days).toBe(21);
    expect(sized.accounts).toBeGreaterThanOrEqual(3);
  });
});
