import { describe, expect, it } from 'vitest';
import { suppressionSchema, type Suppression } from '../../../../../functions/engine/config/index.js';
import {
  applySuppressions,
  expandActionGlob,
  expiredWarnings,
} from '../../../../../functions/engine/aggregate/suppress/index.js';
import { firstSeen } from '../../detect/score/finding-builder.js';

const s = (input: Record<string, unknown>): Suppression => suppressionSchema.parse({ reason: 'known', ...input });
const now = '2025-03-01T12:00:00Z';
const f = firstSeen('iam.amazonaws.com:GetAccountSummary');
const withIps = (...ips: string[]) =>
  firstSeen('iam.amazonaws.com:GetAccountSummary', { evidence: { ...f.evidence, sourceIps: ips } });

describe('applySuppressions', () => {
  it('sets aside a matching finding with its suppression and flags it, keeping the rest', () => {
    const other = firstSeen('ec2.amazonaws.com:RunInstances');
    const out = applySuppressions([f, other], [s({ action: 'iam:Get*', reason: 'read-only IAM calls by CI' })], now);
    expect(out.kept).toEqual([other]);
    expect(out.suppressed).toHaveLength(1);
    expect(out.suppressed[0]!.finding.flags).toContain('suppressed:read-only IAM calls by CI (suppressions[0])');
    expect(out.suppressed[0]!.suppression.reason).toBe('read-only IAM calls by CI');
    expect(out.expired).toEqual([]);
  });

  it('matches principal ARN globs, accounts and rule ids, all named fields together', () => {
    expect(applySuppressions([f], [s({ principal: 'arn:aws:iam::*:role/ci-*' })], now).suppressed).toHaveLength(1);
    expect(applySuppressions([f], [s({ principal: 'arn:aws:iam::*:role/prod-*' })], now).suppressed).toHaveLength(0);
    expect(applySuppressions([f], [s({ account: ['999988887777', '1111*'] })], now).suppressed).toHaveLength(1);
    expect(applySuppressions([f], [s({ rule: 'first-seen.*' })], now).suppressed).toHaveLength(1);
    expect(applySuppressions([f], [s({ rule: 'aws.*' })], now).suppressed).toHaveLength(0);
    expect(applySuppressions([f], [s({ account: '111122223333', action: 'ec2:*' })], now).suppressed).toHaveLength(0);
  });

  it('matches source addresses by IPv4 and IPv6 CIDR, only when every address is inside', () => {
    const inside = withIps('203.0.113.10', '203.0.113.77');
    const mixed = withIps('203.0.113.10', '198.51.100.1');
    const v6 = withIps('2001:db8::1');
    const rules = [s({ sourceIp: ['203.0.113.0/24', '2001:db8::/32'] })];
    expect(
      applySuppressions([inside, mixed, v6, withIps()], rules, now).suppressed.map((x) => x.finding.evidence.sourceIps),
    ).toEqual([['203.0.113.10', '203.0.113.77'], ['2001:db8::1']]);
    expect(applySuppressions([withIps('cloudformation.amazonaws.com')], rules, now).kept).toHaveLength(1);
  });

  it('stops applying after the expiry date (inclusive of that day) and returns the expired suppression', () => {
    const rule = s({ action: 'iam:*', expires: '2025-03-01', id: 'q1-exception' });
    expect(applySuppressions([f], [rule], '2025-03-01T23:59:59Z').suppressed).toHaveLength(1);
    const after = applySuppressions([f], [rule], '2025-03-02T00:00:00Z');
    expect(after.kept).toEqual([f]);
    expect(after.expired).toEqual([rule]);
    expect(expiredWarnings(after.expired)[0]).toMatch(/q1-exception expired on 2025-03-01/);
  });

  it('honours an exact ISO expiry instant', () => {
    const rule = s({ action: 'iam:*', expires: '2025-03-01T12:00:00Z' });
    expect(applySuppressions([f], [rule], '2025-03-01T11:59:59Z').suppressed).toHaveLength(1);
    expect(applySuppressions([f], [rule], '2025-03-01T12:00:00Z').expired).toHaveLength(1);
  });

  it('refuses a suppression that names nothing to match, and one without a reason', () => {
    expect(suppressionSchema.safeParse({ reason: 'everything' }).success).toBe(false);
    expect(suppressionSchema.safeParse({ action: 'iam:*' }).success).toBe(false);
  });

  it('throws on an invalid now (a programmer error)', () => {
    expect(() => applySuppressions([f], [], 'yesterday')).toThrow(/not a valid time/);
  });

  it('expands short action globs', () => {
    expect(expandActionGlob('iam:Get*')).toBe('iam.amazonaws.com:Get*');
    expect(expandActionGlob('iam.amazonaws.com:Get*')).toBe('iam.amazonaws.com:Get*');
    expect(expandActionGlob('*:Get*')).toBe('*:Get*');
    expect(expandActionGlob('*')).toBe('*');
  });
});
