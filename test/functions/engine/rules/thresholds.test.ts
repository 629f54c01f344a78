import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { rulesConfigSchema } from '../../../../functions/engine/config/index.js';
import { CASE_ACCOUNT, event, identity } from '../../../../functions/engine/rules/case-builder.js';
import {
  DEFAULT_RULE_THRESHOLDS,
  RULES,
  evaluateRules,
  type RuleContext,
} from '../../../../functions/engine/rules/index.js';

const window = { start: '2024-08-01T12:00:00.000Z', end: '2024-08-01T13:00:00.000Z' };
const only = (id: string) => RULES.filter((r) => r.id === id);
const hits = (id: string, records: CloudTrailRecord[], ctx: RuleContext): number =>
  evaluateRules({ accountId: CASE_ACCOUNT, window, records }, only(id), ctx).length;
const secrets = (n: number): CloudTrailRecord[] =>
  Array.from({ length: n }, (_, i) =>
    event('secretsmanager', 'GetSecretValue', { as: identity.role('app'), request: { secretId: `prod/secret-${i}` } }),
  );
const lifecycle = (days: number): CloudTrailRecord =>
  event('s3', 'PutBucketLifecycle', {
    request: {
      bucketName: 'org-trail-logs',
      LifecycleConfiguration: {
        Rule: { ID: 'r', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: days } },
      },
    },
  });

describe('rule thresholds', () => {
  it('defaults the config to the engine defaults, threshold by threshold', () => {
    expect(rulesConfigSchema.parse({}).thresholds).toEqual(DEFAULT_RULE_THRESHOLDS);
  });

  it('rejects a threshold of zero', () => {
    expect(rulesConfigSchema.safeParse({ thresholds: { remoteAccessInstances: 0 } }).success).toBe(false);
  });

  it('lets the config lower and raise the secrets burst threshold', () => {
    const records = secrets(4);
    expect(hits('aws.secretsmanager.secrets-retrieved-in-bulk', records, { organizationAccountIds: null })).toBe(0);
    expect(
      hits('aws.secretsmanager.secrets-retrieved-in-bulk', records, {
        organizationAccountIds: null,
        thresholds: { secretsRetrieved: 4 },
      }),
    ).toBe(1);
    expect(
      hits('aws.secretsmanager.secrets-retrieved-in-bulk', secrets(12), {
        organizationAccountIds: null,
        thresholds: { secretsRetrieved: 13 },
      }),
    ).toBe(0);
  });

  it('lets the config widen what counts as a short lifecycle expiry', () => {
    expect(hits('aws.s3.short-lifecycle-expiration', [lifecycle(7)], { organizationAccountIds: null })).toBe(0);
    expect(
      hits('aws.s3.short-lifecycle-expiration', [lifecycle(7)], {
        organizationAccountIds: null,
        thresholds: { lifecycleExpirationDays: 7 },
      }),
    ).toBe(1);
  });

  it('treats a zero threshold from a hand-built context as one', () => {
    const ctx: RuleContext = { organizationAccountIds: null, thresholds: { remoteAccessInstances: 0 } };
    const session = event('ssm', 'StartSession', { request: { target: 'i-0abc' } });
    expect(hits('aws.ec2.remote-access-to-many-instances', [session], ctx)).toBe(1);
  });
});
