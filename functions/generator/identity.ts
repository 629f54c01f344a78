/**
 * `userIdentity` exactly as CloudTrail writes it for each identity type: assumed-role sessions
 * with sessionIssuer and attributes, IAM users with AKIA keys, console sessions with ASIA keys,
 * web-identity and SAML callers, AWS services, another account, Identity Center users, root.
 * @module
 */
import type { UserIdentity } from '../engine/cloudtrail/index.js';
import type { Rng } from './prng.js';

/** An IAM role as the issuer of sessions. */
export interface RoleRef {
  accountId: string;
  name: string;
  /** Path between `role/` and the name, e.g. `aws-reserved/sso.amazonaws.com/us-east-1/` (with trailing slash) or ''. */
  path: string;
  /** The role's unique id (AROA...). */
  roleId: string;
}

/** The IAM ARN of a role, with its path. */
export function roleArn(role: RoleRef): string {
  return `arn:aws:iam::${role.accountId}:role/${role.path}${role.name}`;
}

/** A role's unique id or a user's: AROA/AIDA followed by 17 characters. */
export function uniqueId(rng: Rng, prefix: 'AROA' | 'AIDA'): string {
  return `${prefix}${rng.key(17)}`;
}

/** An access key id: AKIA for long-term keys, ASIA for session credentials. */
export function accessKeyId(rng: Rng, prefix: 'AKIA' | 'ASIA'): string {
  return `${prefix}${rng.key(16)}`;
}

/** Options of an assumed-role session. */
export interface AssumedRoleOptions {
  role: RoleRef;
  sessionName: string;
  accessKeyId: string;
  creationDate: string;
  mfa?: boolean;
  /** For EC2 instance credentials. */
  ec2RoleDelivery?: string;
  /** For sessions from AssumeRoleWithWebIdentity. */
  federatedProvider?: string;
  /** Set for service-linked role calls made by a service. */
  invokedBy?: string;
  sourceIdentity?: string;
}

/** The identity of a call made with role session credentials. */
export function assumedRole(o: AssumedRoleOptions): UserIdentity {
  const sessionContext: Record<string, unknown> = {
    sessionIssuer: {
      type: 'Role',
      principalId: o.role.roleId,
      arn: roleArn(o.role),
      accountId: o.role.accountId,
      userName: o.role.name,
    },
    webIdFederationData:
      o.federatedProvider === undefined ? {} : { federatedProvider: o.federatedProvider, attributes: {} },
    attributes: { creationDate: o.creationDate, mfaAuthenticated: o.mfa === true ? 'true' : 'false' },
  };
  if (o.sourceIdentity !== undefined) sessionContext.sourceIdentity = o.sourceIdentity;
  if (o.ec2RoleDelivery !== undefined) sessionContext.ec2RoleDelivery = o.ec2RoleDelivery;
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: `${o.role.roleId}:${o.sessionName}`,
    arn: `arn:aws:sts::${o.role.accountId}:assumed-role/${o.role.name}/${o.sessionName}`,
    accountId: o.role.accountId,
    accessKeyId: o.accessKeyId,
    sessionContext: sessionContext as UserIdentity['sessionContext'],
  };
  if (o.invokedBy !== undefined) identity.invokedBy = o.invokedBy;
  return identity;
}

/** An IAM user calling with its long-term key (AKIA), or from the console (ASIA + session attributes). */
export function iamUser(
  accountId: string,
  userName: string,
  userId: string,
  key: string,
  console?: { creationDate: string; mfa: boolean },
): UserIdentity {
  const identity: UserIdentity = {
    type: 'IAMUser',
    principalId: userId,
    arn: `arn:aws:iam::${accountId}:user/${userName}`,
    accountId,
    accessKeyId: key,
    userName,
  };
  if (console !== undefined) {
    identity.sessionContext = {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: console.creationDate, mfaAuthenticated: console.mfa ? 'true' : 'false' },
    } as UserIdentity['sessionContext'];
  }
  return identity;
}

/** The root user; `key` is '' on sign-in events and an ASIA key for console API calls. */
export function root(accountId: string, key: string, console?: { creationDate: string; mfa: boolean }): UserIdentity {
  const identity: UserIdentity = {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    accessKeyId: key,
  };
  if (console !== undefined) {
    identity.sessionContext = {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: console.creationDate, mfaAuthenticated: console.mfa ? 'true' : 'false' },
    } as UserIdentity['sessionContext'];
  }
  return identity;
}

/** The caller of AssumeRoleWithWebIdentity (GitHub Actions OIDC). */
export function webIdentityUser(providerArn: string, subject: string): UserIdentity {
  return {
    type: 'WebIdentityUser',
    principalId: `${providerArn}:sts.amazonaws.com:${subject}`,
    userName: subject,
    identityProvider: providerArn,
  };
}

/** The caller of AssumeRoleWithSAML (Identity Center signing a user into an account). */
export function samlUser(nameQualifier: string, email: string): UserIdentity {
  return {
    type: 'SAMLUser',
    principalId: `${nameQualifier}:${email}`,
    userName: email,
    identityProvider: nameQualifier,
  };
}

/** An AWS service acting on its own (AssumeRole of an execution role, for example). */
export function awsService(service: string): UserIdentity {
  return { type: 'AWSService', invokedBy: service };
}

/** A caller from another account, as the callee's trail records it. */
export function awsAccount(callerAccountId: string, callerPrincipalId: string): UserIdentity {
  return { type: 'AWSAccount', principalId: callerPrincipalId, accountId: callerAccountId };
}

/** An Identity Center user (the portal and the CLI's credential calls, in the management account). */
export function identityCenterUser(
  accountId: string,
  identityStoreId: string,
  userId: string,
  credentialId: string,
): UserIdentity {
  return {
    type: 'IdentityCenterUser',
    accountId,
    onBehalfOf: { userId, identityStoreArn: `arn:aws:identitystore::${accountId}:identitystore/${identityStoreId}` },
    credentialId,
  };
}

/** The `Unknown` identity sign-in service events use for Identity Center users. */
export function unknownUser(accountId: string, userName: string, principalId: string): UserIdentity {
  return { type: 'Unknown', principalId, accountId, accessKeyId: '', userName };
}
