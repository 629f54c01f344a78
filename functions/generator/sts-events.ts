/**
 * The STS calls that start sessions, with the request and response fields CloudTrail records:
 * AssumeRole (by a user, another account or a service), AssumeRoleWithWebIdentity, AssumeRoleWithSAML.
 * @module
 */
import { adhocAction } from './actions.js';
import { type RoleRef, roleArn } from './identity.js';
import type { Draft } from './model.js';
import type { Rng } from './prng.js';
import { HOUR, javaDate } from './time.js';

/** `sts:AssumeRole` (read-only in CloudTrail). */
export const ASSUME_ROLE = adhocAction('sts:AssumeRole', true);
/** `sts:AssumeRoleWithWebIdentity`. */
export const ASSUME_ROLE_WEB = adhocAction('sts:AssumeRoleWithWebIdentity', true);
/** `sts:AssumeRoleWithSAML`. */
export const ASSUME_ROLE_SAML = adhocAction('sts:AssumeRoleWithSAML', true);

/** Request, response and resources of a call that hands out session credentials for a role. */
export function assumeFields(
  rng: Rng,
  role: RoleRef,
  sessionName: string,
  sessionKey: string,
  time: number,
  extraRequest: Record<string, unknown> = {},
): Pick<Draft, 'requestParameters' | 'responseElements' | 'resources'> {
  const arn = roleArn(role);
  return {
    requestParameters: { roleArn: arn, roleSessionName: sessionName, ...extraRequest },
    responseElements: {
      credentials: {
        accessKeyId: sessionKey,
        sessionToken: `IQoJb3JpZ2luX2VjE${rng.alnum(40)}`,
        expiration: javaDate(time + HOUR),
      },
      assumedRoleUser: {
        assumedRoleId: `${role.roleId}:${sessionName}`,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
      },
    },
    resources: [{ accountId: role.accountId, type: 'AWS::IAM::Role', ARN: arn }],
  };
}
