import { describe, expect, it } from 'vitest';
import { creationEventOf, reportsNewPrincipal } from '../../../../functions/engine/detect/index.js';
import { event } from '../../../../functions/engine/rules/case-builder.js';

const at = (day: number): string => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();

describe('new principals', () => {
  it('are all reported inside an incident window, except AWS itself', () => {
    const policy = { reportFrom: at(20), historySince: at(19), learningDays: 14 };
    expect(reportsNewPrincipal({ type: 'IAMUser', firstSeen: at(21) }, policy)).toBe(true);
    expect(reportsNewPrincipal({ type: 'AWSService', firstSeen: at(21) }, policy)).toBe(false);
  });

  it('are reported for federation identities once the account is known for longer than the learning period', () => {
    const settled = { historySince: at(0), learningDays: 14 };
    expect(reportsNewPrincipal({ type: 'SAMLUser', firstSeen: at(20) }, settled)).toBe(true);
    expect(reportsNewPrincipal({ type: 'SAMLUser', firstSeen: at(3) }, settled)).toBe(false);
    expect(reportsNewPrincipal({ type: 'AssumedRole', firstSeen: at(20) }, settled)).toBe(false);
  });

  it('find the event that created a user or a role', () => {
    const createUser = event('iam', 'CreateUser', { request: { userName: 'svc-sync' } });
    const createRole = event('iam', 'CreateRole', { request: { roleName: 'audit' } });
    const records = [createRole, createUser];
    expect(creationEventOf('arn:aws:iam::111122223333:user/svc-sync', records)).toBe(createUser);
    expect(creationEventOf('arn:aws:iam::111122223333:role/audit', records)).toBe(createRole);
    expect(creationEventOf('arn:aws:iam::444455556666:user/svc-sync', records)).toBeUndefined();
  });
});
