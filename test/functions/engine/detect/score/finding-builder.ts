import {
  FINDING_SCHEMA_VERSION,
  type Finding,
  firstSeenFindingId,
} from '../../../../../functions/engine/findings/index.js';

/** A valid first-seen finding of `action`, as the detector builds it (severity info, score 0); only the fields under test change. */
export function firstSeen(action: string, over: Partial<Finding> = {}): Finding {
  const principal = over.principal ?? {
    key: 'arn:aws:iam::111122223333:role/ci-deploy',
    type: 'AssumedRole',
    arn: 'arn:aws:iam::111122223333:role/ci-deploy',
    name: 'ci-deploy',
    accountId: '111122223333',
  };
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: firstSeenFindingId('111122223333', principal.key, 'action', action),
    kind: 'first-seen',
    detectorId: 'first-seen.action',
    title: `New action ${action}`,
    accountId: '111122223333',
    region: 'us-east-1',
    principal,
    dimension: 'action',
    value: action,
    count: 1,
    errorCount: 0,
    firstEventTime: '2024-08-01T12:05:00Z',
    lastEventTime: '2024-08-01T12:05:00Z',
    window: { start: '2024-08-01T12:00:00Z', end: '2024-08-01T13:00:00Z' },
    evidence: {
      eventIds: ['e1'],
      sourceIps: ['203.0.113.10'],
      userAgents: ['aws-cli/2.17.32 md/awscrt#0.21.2'],
      regions: ['us-east-1'],
      errorCodes: [],
      samples: [],
    },
    severity: 'info',
    score: 0,
    reasons: [],
    mitre: null,
    runbook: null,
    flags: [],
    context: {},
    detector: { name: 'ct-anomaly', version: 'test' },
    ...over,
  };
}
