/** An alert full of attacker-controlled strings, as a compromised principal could shape them. */
import type { Alert } from '../../../../functions/engine/findings/index.js';
import { makeFinding } from '../../engine/aggregate/helpers.js';

export const HOSTILE =
  '<!channel> <https://evil.example|click here> @here & *bold* _it_ ~s~ `tick`\nSubject: injected\r\nBcc: x@evil';

export function hostileAlert(): Alert {
  const finding = makeFinding({ userAgent: HOSTILE, sessionName: HOSTILE, role: 'Deployer' });
  return {
    schemaVersion: 1,
    id: 'abcdef0123456789abcdef0123456789',
    kind: 'first-seen',
    title: `Role ${HOSTILE} did 1 action it had never done before in 111111111111`,
    severity: 'high',
    score: 72,
    reasons: [`User agent ${HOSTILE}`],
    accounts: ['111111111111'],
    principals: [{ ...finding.principal, name: HOSTILE, arn: `arn:aws:iam::111111111111:role/${HOSTILE}` }],
    firstEventTime: finding.firstEventTime,
    lastEventTime: finding.lastEventTime,
    findings: [finding],
    values: [HOSTILE],
    suppressed: null,
    createdAt: '2026-11-20T12:00:00.000Z',
  };
}
