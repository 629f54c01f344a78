import { describe, expect, it } from 'vitest';
import type { PrincipalRecord } from '../../../../../functions/engine/baseline/index.js';
import { DEFAULT_SCORING_CONFIG, scoringConfigSchema } from '../../../../../functions/engine/config/index.js';
import { findingSchema } from '../../../../../functions/engine/findings/index.js';
import { scoreFirstSeen } from '../../../../../functions/engine/detect/score/index.js';
import { firstSeen } from './finding-builder.js';

const principal = (firstSeenAt: string, key = 'arn:aws:iam::111122223333:role/app'): PrincipalRecord => ({
  principalKey: key,
  type: 'AssumedRole',
  arn: key,
  name: key.split('/').pop() ?? null,
  firstSeen: firstSeenAt,
  lastSeen: '2024-08-01T12:00:00Z',
  expiresAt: '2025-08-01T12:00:00Z',
});
const appRole = {
  key: 'arn:aws:iam::111122223333:role/app',
  type: 'AssumedRole',
  arn: 'arn:aws:iam::111122223333:role/app',
  name: 'app',
  accountId: '111122223333',
};
const settled = {
  principal: principal('2024-05-01T00:00:00Z'),
  knownValues: 40,
  windowEnd: '2024-08-01T13:00:00Z',
  config: DEFAULT_SCORING_CONFIG,
};
const score = (findings: ReturnType<typeof firstSeen>[], ctx = settled) => scoreFirstSeen(findings, ctx);

describe('scoreFirstSeen', () => {
  it('ranks a new IAM write above a new Describe for the same principal', () => {
    const [write, read] = score([
      firstSeen('iam.amazonaws.com:CreateUser', { principal: appRole }),
      firstSeen('ec2.amazonaws.com:DescribeInstances', { principal: appRole }),
    ]);
    expect(write!.score).toBeGreaterThan(read!.score);
    expect(['medium', 'high', 'critical']).toContain(write!.severity);
    expect(['info', 'low']).toContain(read!.severity);
  });

  it('explains the score in words an analyst reads at 3 a.m.', () => {
    const [f] = score([firstSeen('iam.amazonaws.com:CreateUser', { principal: appRole })]);
    expect(f!.reasons[0]).toBe(
      'Role app called iam:CreateUser for the first time in 92 days of history; it is a write action in IAM, used in real intrusions (TrailDiscover: persistence).',
    );
    expect(findingSchema.safeParse(f).success).toBe(true);
  });

  it('weighs one sensitive action above several harmless ones (not "fewer than 5 is informational")', () => {
    const [alone] = score([firstSeen('secretsmanager.amazonaws.com:GetSecretValue', { principal: appRole })]);
    const many = score(
      [
        'ec2.amazonaws.com:DescribeVpcs',
        'ec2.amazonaws.com:DescribeSubnets',
        'ec2.amazonaws.com:DescribeTags',
        'ec2.amazonaws.com:DescribeRegions',
        'ec2.amazonaws.com:DescribeImages',
        'ec2.amazonaws.com:DescribeVolumes',
      ].map((a) => firstSeen(a, { principal: appRole })),
    );
    expect(alone!.score).toBeGreaterThan(Math.max(...many.map((f) => f.score)));
  });

  it('raises an action when the same window holds other sensitive new actions', () => {
    const [alone] = score([firstSeen('iam.amazonaws.com:ListRoles', { principal: appRole })]);
    const [withOthers] = score([
      firstSeen('iam.amazonaws.com:ListRoles', { principal: appRole }),
      firstSeen('iam.amazonaws.com:CreateAccessKey', { principal: appRole }),
      firstSeen('iam.amazonaws.com:AttachUserPolicy', { principal: appRole }),
    ]);
    expect(withOthers!.score).toBeGreaterThan(alone!.score);
    expect(withOthers!.reasons.join(' ')).toContain('iam:CreateAccessKey');
  });

  it('ranks root highest', () => {
    const root = {
      key: 'arn:aws:iam::111122223333:root',
      type: 'Root',
      arn: 'arn:aws:iam::111122223333:root',
      name: 'root',
      accountId: '111122223333',
    };
    const [asRoot] = score([firstSeen('ec2.amazonaws.com:RunInstances', { principal: root })]);
    const [asRole] = score([firstSeen('ec2.amazonaws.com:RunInstances', { principal: appRole })]);
    expect(asRoot!.score).toBeGreaterThan(asRole!.score);
    expect(asRoot!.reasons.join(' ')).toMatch(/root user/);
  });

  it('counts a settled history up and a young principal down', () => {
    const young = { ...settled, principal: principal('2024-07-29T00:00:00Z'), knownValues: 3 };
    const [old] = score([firstSeen('lambda.amazonaws.com:CreateFunction20150331', { principal: appRole })]);
    const [fresh] = score([firstSeen('lambda.amazonaws.com:CreateFunction20150331', { principal: appRole })], young);
    expect(old!.score).toBeGreaterThan(fresh!.score);
    expect(fresh!.reasons.join(' ')).toMatch(/young principal \(3 days\)/);
  });

  it('treats a burst of refused new actions as reconnaissance', () => {
    const denied = (a: string) =>
      firstSeen(a, {
        principal: appRole,
        errorCount: 1,
        evidence: { ...firstSeen(a).evidence, errorCodes: ['AccessDenied'] },
      });
    const burst = score(
      [
        'iam.amazonaws.com:ListUsers',
        's3.amazonaws.com:ListBuckets',
        'secretsmanager.amazonaws.com:ListSecrets',
        'ec2.amazonaws.com:DescribeInstances',
      ].map(denied),
    );
    const [single] = score([denied('iam.amazonaws.com:ListUsers')]);
    expect(burst[0]!.score).toBeGreaterThan(single!.score);
    expect(burst[0]!.reasons.join(' ')).toMatch(/refused 4 new actions.*reconnaissance/);
  });

  it('dampens automation by user agent and by role name, but not a CI role driven from the CLI', () => {
    const tf = firstSeen('iam.amazonaws.com:CreateRole', {
      evidence: {
        ...firstSeen('x').evidence,
        userAgents: ['APN/1.0 HashiCorp/1.0 Terraform/1.11.0 terraform-provider-aws/5.98.0'],
      },
    });
    const ciByName = firstSeen('iam.amazonaws.com:CreateRole', {
      evidence: { ...firstSeen('x').evidence, userAgents: ['aws-sdk-go-v2/1.36.3 os/linux'] },
    });
    const ciByHand = firstSeen('iam.amazonaws.com:CreateRole');
    const plain = firstSeen('iam.amazonaws.com:CreateRole', { principal: appRole });
    const [a, b, c, d] = score([tf]).concat(score([ciByName]), score([ciByHand]), score([plain]));
    expect(a!.score).toBeLessThan(d!.score);
    expect(a!.reasons.join(' ')).toMatch(/Dampened: .*terraform/i);
    expect(b!.score).toBeLessThan(d!.score);
    expect(b!.reasons.join(' ')).toMatch(/automation pattern/);
    expect(c!.score).toBe(d!.score);
    expect(c!.reasons.join(' ')).toMatch(/interactive client.*not dampened/);
  });

  it('follows configured sensitivity overrides and thresholds', () => {
    const config = scoringConfigSchema.parse({
      sensitivity: { 'ec2:Describe*': 10 },
      severityThresholds: { low: 10, medium: 20, high: 30, critical: 90 },
    });
    const [f] = score([firstSeen('ec2.amazonaws.com:DescribeInstances', { principal: appRole })], {
      ...settled,
      config,
    });
    expect(f!.severity).toBe('high');
    expect(f!.reasons[0]).toContain('set by config "ec2:Describe*"');
  });
});
