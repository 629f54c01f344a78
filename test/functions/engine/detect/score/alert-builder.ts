import { DEFAULT_SCORING_CONFIG } from '../../../../../functions/engine/config/index.js';
import { scoreAlert } from '../../../../../functions/engine/aggregate/index.js';
import { scoreFirstSeen, scoreRuleFinding } from '../../../../../functions/engine/detect/score/index.js';
import { type Alert, alertSchema, fingerprint } from '../../../../../functions/engine/findings/index.js';
import { CASE_ACCOUNT, event, identity } from '../../../../../functions/engine/rules/case-builder.js';
import { RULES, evaluateRules } from '../../../../../functions/engine/rules/index.js';
import { firstSeen } from './finding-builder.js';

const window = { start: '2024-08-01T12:00:00Z', end: '2024-08-01T13:00:00Z' };

/** An alert as the aggregator builds it: a StopLogging rule hit plus new behaviour of the same role. */
export function sampleAlert(over: Partial<Alert> = {}): Alert {
  const config = DEFAULT_SCORING_CONFIG;
  const [rule] = evaluateRules(
    {
      accountId: CASE_ACCOUNT,
      window,
      records: [
        event('cloudtrail', 'StopLogging', {
          as: identity.role('ci-deploy', 'mallory'),
          ip: '203.0.113.9',
          request: { name: 'org-trail' },
        }),
      ],
    },
    RULES,
    { organizationAccountIds: null },
  );
  const principal = {
    principalKey: 'k',
    type: 'AssumedRole',
    arn: null,
    name: 'ci-deploy',
    firstSeen: '2024-05-01T00:00:00Z',
    lastSeen: '2024-08-01T00:00:00Z',
    expiresAt: '2025-01-01T00:00:00Z',
  };
  const findings = [
    scoreRuleFinding(rule!, { config }),
    ...scoreFirstSeen([firstSeen('iam.amazonaws.com:CreateUser')], {
      principal,
      knownValues: 30,
      windowEnd: window.end,
      config,
    }),
  ];
  const s = scoreAlert(findings, { config });
  return alertSchema.parse({
    schemaVersion: 1,
    id: fingerprint('alert', CASE_ACCOUNT, 'ci-deploy', window.start),
    kind: 'rule',
    title: s.title,
    severity: s.severity,
    score: s.score,
    reasons: s.reasons,
    accounts: [CASE_ACCOUNT],
    principals: [findings[0]!.principal],
    firstEventTime: '2024-08-01T12:00:00Z',
    lastEventTime: '2024-08-01T12:05:00Z',
    findings,
    values: [...new Set(findings.map((f) => f.value))],
    suppressed: null,
    createdAt: '2024-08-01T13:20:00.000Z',
    ...over,
  });
}
