/** Test builders for the agent's tests: findings and records with only the fields under test set. */
import {
  FINDING_SCHEMA_VERSION,
  firstSeenFindingId,
  type Finding,
} from '../../../../../functions/engine/findings/index.js';

export const ACCOUNT = '111122223333';
export const BUS_ARN = 'arn:aws:events:us-east-1:999988887777:event-bus/ct-anomaly';

/** A valid first-seen finding; override what the test is about. */
export function makeFinding(over: Partial<Finding> & { principalKey?: string } = {}): Finding {
  const { principalKey = 'arn:aws:iam::111122223333:role/Deployer', ...rest } = over;
  const value = rest.value ?? 'iam.amazonaws.com:CreateUser';
  const accountId = rest.accountId ?? ACCOUNT;
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: firstSeenFindingId(accountId, principalKey, 'action', value),
    kind: 'first-seen',
    detectorId: 'first-seen.action',
    title: `New action ${value}`,
    accountId,
    region: 'us-east-1',
    principal: {
      key: principalKey,
      type: 'AssumedRole',
      arn: principalKey,
      name: principalKey.split('/').pop() ?? null,
      accountId,
    },
    dimension: 'action',
    value,
    count: 1,
    errorCount: 0,
    firstEventTime: '2026-11-20T10:01:00.000Z',
    lastEventTime: '2026-11-20T10:01:00.000Z',
    window: { start: '2026-11-20T10:00:00.000Z', end: '2026-11-20T11:00:00.000Z' },
    evidence: {
      eventIds: ['e-1'],
      sourceIps: ['203.0.113.7'],
      userAgents: ['aws-cli/2.15'],
      regions: ['us-east-1'],
      errorCodes: [],
      samples: [],
    },
    severity: 'medium',
    score: 50,
    reasons: ['first time this role calls this action'],
    mitre: null,
    runbook: null,
    flags: [],
    context: {},
    detector: { name: 'ct-anomaly', version: '0.1.0' },
    ...rest,
  };
}

/** A raw record sample of roughly `bytes` bytes (a large requestParameters payload). */
export function bigSample(bytes: number): Record<string, unknown> {
  return {
    eventName: 'PutBucketPolicy',
    eventSource: 's3.amazonaws.com',
    requestParameters: { policy: 'x'.repeat(bytes) },
  };
}
