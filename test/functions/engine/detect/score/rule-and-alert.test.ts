import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_CONFIG } from '../../../../../functions/engine/config/index.js';
import { bandOf, findingSchema, severityForScore } from '../../../../../functions/engine/findings/index.js';
import { scoreAlert } from '../../../../../functions/engine/aggregate/index.js';
import { CASE_ACCOUNT, event, identity } from '../../../../../functions/engine/rules/case-builder.js';
import { RULES, evaluateRules } from '../../../../../functions/engine/rules/index.js';
import {
  catalogEntry,
  scoreFirstSeen,
  scoreRuleFinding,
  sensitivityOf,
  TRAILDISCOVER_ROWS,
} from '../../../../../functions/engine/detect/score/index.js';
import { firstSeen } from './finding-builder.js';

const config = DEFAULT_SCORING_CONFIG;
const window = { start: '2024-08-01T12:00:00Z', end: '2024-08-01T13:00:00Z' };
const ruleFinding = (record: ReturnType<typeof event>) =>
  evaluateRules({ accountId: CASE_ACCOUNT, window, records: [record] }, RULES, { organizationAccountIds: null })[0]!;

describe('scoreRuleFinding', () => {
  it('keeps the rule severity and puts the score inside its band, citing TrailDiscover', () => {
    const f = scoreRuleFinding(
      ruleFinding(
        event('iam', 'AttachUserPolicy', {
          request: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', userName: 'x' },
        }),
      ),
      { config },
    );
    const [low, high] = bandOf('high', config.severityThresholds);
    expect(f.severity).toBe('high');
    expect(f.score).toBeGreaterThanOrEqual(low);
    expect(f.score).toBeLessThanOrEqual(high);
    expect(f.reasons.join(' ')).toMatch(/TrailDiscover: AttachUserPolicy has been used in real intrusions/);
    expect(findingSchema.safeParse(f).success).toBe(true);
  });

  it('lowers a rule hit from an IaC tool one severity, but never the offensive-tool rule', () => {
    const terraform = 'APN/1.0 HashiCorp/1.0 Terraform/1.11.0 terraform-provider-aws/5.98.0';
    const byTf = scoreRuleFinding(
      ruleFinding(event('logs', 'DeleteLogGroup', { userAgent: terraform, request: { logGroupName: 'g' } })),
      { config },
    );
    expect(byTf.severity).toBe('low');
    expect(byTf.reasons.join(' ')).toMatch(/Lowered one severity/);
    const kali = scoreRuleFinding(
      ruleFinding(
        event('sts', 'GetCallerIdentity', {
          as: identity.role('terraform-deployer'),
          userAgent: 'aws-cli/1.18 Linux/5.7.0-kali1-amd64',
        }),
      ),
      { config },
    );
    expect(kali.severity).toBe('high');
  });

  it('scores a root rule finding higher than the same rule for a role', () => {
    const asRoot = scoreRuleFinding(
      ruleFinding(
        event('kms', 'ScheduleKeyDeletion', { as: identity.root(), request: { keyId: 'k', pendingWindowInDays: 30 } }),
      ),
      { config },
    );
    const asRole = scoreRuleFinding(
      ruleFinding(
        event('kms', 'ScheduleKeyDeletion', {
          as: identity.role('ops'),
          request: { keyId: 'k', pendingWindowInDays: 30 },
        }),
      ),
      { config },
    );
    expect(asRoot.score).toBeGreaterThan(asRole.score);
  });
});

describe('scoreAlert', () => {
  const principal = {
    principalKey: 'k',
    type: 'AssumedRole',
    arn: null,
    name: 'ci-deploy',
    firstSeen: '2024-05-01T00:00:00Z',
    lastSeen: '2024-08-01T00:00:00Z',
    expiresAt: '2025-01-01T00:00:00Z',
  };
  const ctx = { principal, knownValues: 30, windowEnd: window.end, config };

  it('titles a principal window with its new actions and keeps the strongest severity', () => {
    const findings = scoreFirstSeen(
      ['iam.amazonaws.com:CreateUser', 'iam.amazonaws.com:CreateAccessKey', 'ec2.amazonaws.com:DescribeRegions'].map(
        (a) => firstSeen(a),
      ),
      ctx,
    );
    const alert = scoreAlert(findings, { config });
    expect(alert.title).toBe(
      'Role ci-deploy used 3 new actions in account 111122223333: iam:CreateUser, iam:CreateAccessKey, ec2:DescribeRegions',
    );
    expect(alert.score).toBeGreaterThan(Math.max(...findings.map((f) => f.score)));
    expect(alert.reasons[0]).toMatch(/^3 new actions in this window/);
    const order = ['info', 'low', 'medium', 'high', 'critical'];
    expect(order.indexOf(alert.severity)).toBeGreaterThanOrEqual(
      Math.max(...findings.map((f) => order.indexOf(f.severity))),
    );
    expect(order.indexOf(alert.severity)).toBeGreaterThanOrEqual(
      order.indexOf(severityForScore(alert.score, config.severityThresholds)),
    );
  });

  it('puts an injected rule event above routine first-seen alerts', () => {
    const routine = scoreAlert(
      scoreFirstSeen([firstSeen('ec2.amazonaws.com:CreateTags'), firstSeen('s3.amazonaws.com:ListBuckets')], ctx),
      { config },
    );
    const rule = scoreAlert(
      [scoreRuleFinding(ruleFinding(event('cloudtrail', 'StopLogging', { request: { name: 't' } })), { config })],
      { config },
    );
    expect(rule.score).toBeGreaterThan(routine.score);
  });

  it('adds the aggregator extra reasons and bonus, and caps at 100', () => {
    const f = scoreRuleFinding(ruleFinding(event('organizations', 'LeaveOrganization')), { config });
    const alert = scoreAlert([f], { config, extra: { reasons: ['Seen in 5 accounts.'], bonus: 40 } });
    expect(alert.reasons[0]).toBe('Seen in 5 accounts.');
    expect(alert.score).toBe(100);
    expect(alert.severity).toBe('critical');
  });

  it('says so when a rule match and new behaviour meet', () => {
    const rule = scoreRuleFinding(
      ruleFinding(event('iam', 'CreateAccessKey', { as: identity.role('ci-deploy'), request: { userName: 'bob' } })),
      { config },
    );
    const alert = scoreAlert([rule, ...scoreFirstSeen([firstSeen('iam.amazonaws.com:CreateAccessKey')], ctx)], {
      config,
    });
    expect(alert.title).toMatch(/\(\+1 more finding\)$/);
    expect(alert.reasons).toContain('A rule match and new behaviour from the same principal in the same window.');
  });

  it('handles an empty group', () => {
    expect(scoreAlert([], { config }).severity).toBe('info');
  });
});

describe('the sensitivity catalog', () => {
  it('ships the 380 TrailDiscover rows and uses them', () => {
    expect(TRAILDISCOVER_ROWS).toHaveLength(380);
    expect(catalogEntry('iam.amazonaws.com:CreateAccessKey')).toMatchObject({ usedInWild: true });
    expect(catalogEntry('example.amazonaws.com:Nothing')).toBeNull();
  });

  it('ranks identity, security and secret access above Describe/List', () => {
    const s = (a: string) => sensitivityOf(a, config).score;
    expect(s('iam.amazonaws.com:CreateUser')).toBeGreaterThan(s('ec2.amazonaws.com:DescribeInstances'));
    expect(s('kms.amazonaws.com:ScheduleKeyDeletion')).toBeGreaterThan(s('kms.amazonaws.com:ListKeys'));
    expect(s('secretsmanager.amazonaws.com:GetSecretValue')).toBeGreaterThan(
      s('secretsmanager.amazonaws.com:ListSecrets'),
    );
    expect(s('cloudtrail.amazonaws.com:StopLogging')).toBeGreaterThan(s('cloudtrail.amazonaws.com:LookupEvents'));
    expect(s('s3.amazonaws.com:GetObject')).toBeLessThan(s('s3.amazonaws.com:PutBucketPolicy'));
  });
});
