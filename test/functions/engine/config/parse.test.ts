import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  DEFAULT_DETECTION_CONFIG,
  NETFLIX_IGNORED_REASON,
  detectionConfigSchema,
  enabledRules,
  parseConfig,
  ruleContextOf,
} from '../../../../functions/engine/config/index.js';
import { applySuppressions } from '../../../../functions/engine/aggregate/suppress/index.js';
import { RULES } from '../../../../functions/engine/rules/index.js';
import { firstSeen } from '../detect/score/finding-builder.js';

const ok = (text: string, file = 'ct-anomaly.yaml') => {
  const r = parseConfig(text, file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
};
const errors = (text: string, file = 'ct-anomaly.yaml') => {
  const r = parseConfig(text, file);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('parseConfig', () => {
  it('gives the defaults for an empty file and keeps the lead detection defaults', () => {
    expect(ok('').config).toEqual(DEFAULT_CONFIG);
    expect(detectionConfigSchema.parse({})).toEqual(DEFAULT_DETECTION_CONFIG);
    expect(DEFAULT_CONFIG.learningDays).toBe(14);
  });

  it('reads a full YAML file', () => {
    const { config, warnings } = ok(`
learningDays: 7
detectors: [rules]
organizationAccountIds: ["111122223333", "444455556666"]
suppressions:
  - id: ci-reads
    reason: CI reads IAM to plan
    principal: "arn:aws:iam::*:role/ci-*"
    action: ["iam:Get*", "iam:List*"]
    expires: 2030-06-30
  - reason: office egress
    sourceIp: [203.0.113.0/24, "2001:db8::/32"]
    rule: aws.signin.console-login-without-mfa
scoring:
  automation:
    principals: ["*:role/deployer"]
    dampening: 0.25
  sensitivity:
    "s3:GetObject": 0
rules:
  disabled: [aws.ec2.network-acl-opened-to-world]
  severity:
    aws.logs.log-stream-deleted: low
  thresholds:
    failedConsoleLogins: 10
`);
    expect(warnings).toEqual([]);
    expect(config.learningDays).toBe(7);
    expect(config.detectors).toEqual(['rules']);
    expect(config.suppressions[0]!.action).toEqual(['iam:Get*', 'iam:List*']);
    expect(config.suppressions[1]!.sourceIp).toEqual(['203.0.113.0/24', '2001:db8::/32']);
    expect(config.scoring.automation.dampening).toBe(0.25);
    expect(config.scoring.automation.userAgents.length).toBeGreaterThan(3);
    const ctx = ruleContextOf(config, '1.2.3');
    expect(ctx.organizationAccountIds?.has('444455556666')).toBe(true);
    expect(ctx.thresholds?.failedConsoleLogins).toBe(10);
    expect(ctx.severityOverrides).toEqual({ 'aws.logs.log-stream-deleted': 'low' });
    expect(enabledRules(RULES, config).length).toBe(RULES.length - 1);
  });

  it('reads rules.sigma folders and severities for Sigma rule ids, and suggests the key on a typo', () => {
    const { config } = ok('rules:\n  sigma: [examples/sigma, more/rule.yml]\n  severity:\n    sigma.my-rule: high\n');
    expect(config.rules.sigma).toEqual(['examples/sigma', 'more/rule.yml']);
    expect(config.rules.severity).toEqual({ 'sigma.my-rule': 'high' });
    expect(errors('rules:\n  sigmaa: [x]\n')).toEqual([
      { key: 'rules.sigmaa', line: 2, message: 'unknown key "sigmaa" (did you mean "sigma"?)' },
    ]);
  });

  it('reads JSON with the same schema', () => {
    const { config } = ok('{"learningDays": 0, "suppressions": [{"reason": "x", "rule": "aws.logs.*"}]}', 'ct.json');
    expect(config.learningDays).toBe(0);
    expect(
      enabledRules(RULES, { rules: { ...config.rules, disabled: ['aws.logs.*'] } }).some((r) =>
        r.id.startsWith('aws.logs.'),
      ),
    ).toBe(false);
  });

  it('names the key and the line of every error, and suggests a close key', () => {
    const errs = errors(`learningDays: seven
suppresions: []
scoring:
  automation:
    dampning: 0.3
suppressions:
  - reason: CI
    principal: "arn:aws:iam::*:role/ci-*"
    expires: 2025-13-01
  - account: "111122223333"
  - reason: nothing named
organizationAccountIds: [123]
`);
    expect(errs).toEqual([
      { key: 'learningDays', line: 1, message: 'Invalid input: expected number, received string' },
      { key: 'suppresions', line: 2, message: 'unknown key "suppresions" (did you mean "suppressions"?)' },
      { key: 'scoring.automation.dampning', line: 5, message: 'unknown key "dampning" (did you mean "dampening"?)' },
      { key: 'suppressions[0].expires', line: 9, message: 'not a real date' },
      { key: 'suppressions[1].reason', line: 10, message: 'required (expected string, received undefined)' },
      {
        key: 'suppressions[2]',
        line: 11,
        message: expect.stringMatching(/must name at least one of account, principal, action, rule or sourceIp/),
      },
      { key: 'organizationAccountIds[0]', line: 12, message: 'Invalid input: expected string, received number' },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [e] = errors('learningDays: 3\nsuppressions: [\n', 'bad.yaml');
    expect(e!.key).toBe('(file)');
    expect(e!.line).toBeGreaterThanOrEqual(2);
    expect(e!.message).toMatch(/^bad\.yaml: /);
  });

  it('refuses a file that is not a mapping', () => {
    expect(errors('- a\n- b\n')[0]!.message).toMatch(/mapping of settings/);
  });

  it('accepts the Netflix cloudtrail-anomaly config.yml as it is', () => {
    // The example config from Netflix-Skunkworks/cloudtrail-anomaly's README.
    const { config, warnings } = ok(
      `roleAction:
  dayThreshold: 90
  IgnoredActionsNotify:
    - sts.amazonaws.com:GetCallerIdentity
aws:
  region: us-west-2
  dynamoTableName: cloudtrail_anomaly
  snsTopicArn: arn:aws:sns:us-west-2:1234567890:cloudtrail_anomaly
  organizations:
    accountId: 1234567890
    roleName: CT_OrgsRole
  athena:
    database: default
    bucket: aws-athena-query-results-0987654321-us-west-2
`,
      'config.yml',
    );
    expect(config.learningDays).toBe(90);
    expect(config.suppressions).toEqual([
      {
        id: 'roleAction.IgnoredActionsNotify[0]',
        reason: NETFLIX_IGNORED_REASON,
        action: ['sts.amazonaws.com:GetCallerIdentity'],
        rule: ['first-seen.*'],
      },
    ]);
    expect(warnings.join('\n')).toMatch(/aws: the Netflix deployment settings are ignored/);
    expect(warnings.join('\n')).toMatch(/no expiry/);
    const gci = firstSeen('sts.amazonaws.com:GetCallerIdentity');
    expect(applySuppressions([gci], config.suppressions, '2025-01-01T00:00:00Z').suppressed).toHaveLength(1);
  });

  it('lets an explicit learningDays win over dayThreshold, with a warning', () => {
    const { config, warnings } = ok('learningDays: 10\nroleAction:\n  dayThreshold: 90\n');
    expect(config.learningDays).toBe(10);
    expect(warnings[0]).toMatch(/dayThreshold \(90\) ignored: learningDays \(10\) is set too/);
  });

  it('accepts an empty IgnoredActionsNotify as Netflix writes it commented out', () => {
    expect(ok('roleAction:\n  dayThreshold: 30\n  IgnoredActionsNotify:\n').config.suppressions).toEqual([]);
  });
});
