/**
 * Who acted: a stable principal key per `userIdentity.type`. The same rules exist as SQL in
 * `principal-sql.ts`; a test keeps the two in agreement.
 * @module
 */
import { type CloudTrailRecord, getString } from './record.js';

/** The `userIdentity.type` values CloudTrail writes, plus `None` for records without one. */
export const IdentityType = {
  Root: 'Root',
  IAMUser: 'IAMUser',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  WebIdentityUser: 'WebIdentityUser',
  SAMLUser: 'SAMLUser',
  IdentityCenterUser: 'IdentityCenterUser',
  AWSAccount: 'AWSAccount',
  AWSService: 'AWSService',
  Unknown: 'Unknown',
  None: 'None',
} as const;
export type IdentityType = (typeof IdentityType)[keyof typeof IdentityType];

/** Who acted, normalised: `key` is stable across sessions and is what the baseline is keyed by. */
export interface Principal {
  key: string;
  /** `userIdentity.type` as logged (`None` when absent; unknown future types are kept verbatim). */
  type: string;
  arn: string | null;
  name: string | null;
  accountId: string | null;
}

const ARN_PARTITION = /^arn:([^:]+):/;
const ASSUMED_ROLE = /assumed-role\/([^/]+)\//;
const LAST_SEGMENT = /[^/]+$/;

function match(value: string | undefined, pattern: RegExp, group = 0): string | undefined {
  if (value === undefined) return undefined;
  const m = pattern.exec(value);
  const hit = m?.[group];
  return hit === undefined || hit === '' ? undefined : hit;
}

function beforeColon(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const i = value.indexOf(':');
  return i < 0 ? value : value.slice(0, i) || undefined;
}

/**
 * Normalises `userIdentity` into a {@link Principal}.
 * @example
 * principalOf(record).key // 'arn:aws:iam::111122223333:role/Deployer' for any session of that role
 */
export function principalOf(record: CloudTrailRecord): Principal {
  const ui = record.userIdentity;
  const rawType = getString(ui, 'type');
  const account = getString(ui, 'accountId') ?? null;
  const arn = getString(ui, 'arn');
  const principalId = getString(ui, 'principalId');
  const userName = getString(ui, 'userName');
  const partition = match(arn, ARN_PARTITION, 1) ?? 'aws';

  if (ui === undefined || ui === null || typeof ui !== 'object' || rawType === undefined) {
    const source = getString(record, 'eventSource') ?? 'unknown';
    return { key: `none:${source}`, type: IdentityType.None, arn: null, name: source, accountId: null };
  }

  switch (rawType) {
    case IdentityType.AssumedRole: {
      const issuerArn = getString(ui, 'sessionContext.sessionIssuer.arn');
      const roleName =
        getString(ui, 'sessionContext.sessionIssuer.userName') ??
        match(issuerArn, LAST_SEGMENT) ??
        match(arn, ASSUMED_ROLE, 1);
      const roleAccount = getString(ui, 'sessionContext.sessionIssuer.accountId') ?? account;
      if (roleName !== undefined && roleAccount !== null) {
        const issuerPartition = match(issuerArn, ARN_PARTITION, 1) ?? partition;
        return {
          key: `arn:${issuerPartition}:iam::${roleAccount}:role/${roleName}`,
          type: rawType,
          arn: issuerArn ?? `arn:${issuerPartition}:iam::${roleAccount}:role/${roleName}`,
          name: roleName,
          accountId: roleAccount,
        };
      }
      const roleId = getString(ui, 'sessionContext.sessionIssuer.principalId') ?? beforeColon(principalId) ?? 'unknown';
      return { key: `role-id:${roleId}`, type: rawType, arn: arn ?? null, name: roleId, accountId: account };
    }
    case IdentityType.IAMUser: {
      const key = arn ?? `arn:${partition}:iam::${account ?? 'unknown'}:user/${userName ?? principalId ?? 'unknown'}`;
      return {
        key,
        type: rawType,
        arn: arn ?? null,
        name: userName ?? match(arn, LAST_SEGMENT) ?? null,
        accountId: account,
      };
    }
    case IdentityType.Root: {
      const key = `arn:${partition}:iam::${account ?? principalId ?? 'unknown'}:root`;
      return { key, type: rawType, arn: arn ?? key, name: 'root', accountId: account ?? principalId ?? null };
    }
    case IdentityType.FederatedUser: {
      // The federated-user name is chosen by whoever calls GetFederationToken: key on the issuing user,
      // or every new name would be a new principal sitting silently in its learning period.
      const issuerArn = getString(ui, 'sessionContext.sessionIssuer.arn');
      if (issuerArn !== undefined) {
        const issuerName =
          getString(ui, 'sessionContext.sessionIssuer.userName') ?? match(issuerArn, LAST_SEGMENT) ?? null;
        return {
          key: issuerArn,
          type: rawType,
          arn: issuerArn,
          name: issuerName,
          accountId: getString(ui, 'sessionContext.sessionIssuer.accountId') ?? account,
        };
      }
      const key = arn ?? `federated:${principalId ?? 'unknown'}`;
      return {
        key,
        type: rawType,
        arn: arn ?? null,
        name: match(arn, LAST_SEGMENT) ?? principalId ?? null,
        accountId: account,
      };
    }
    case IdentityType.AWSService: {
      const service = getString(ui, 'invokedBy') ?? getString(record, 'sourceIPAddress') ?? 'unknown';
      return { key: `service:${service}`, type: rawType, arn: null, name: service, accountId: account };
    }
    case IdentityType.AWSAccount: {
      const id = beforeColon(principalId) ?? 'unknown';
      return {
        key: `aws-account:${account ?? 'unknown'}:${id}`,
        type: rawType,
        arn: arn ?? null,
        name: id,
        accountId: account,
      };
    }
    case IdentityType.WebIdentityUser: {
      const provider = getString(ui, 'identityProvider') ?? beforeColon(principalId) ?? 'unknown';
      return { key: `web-identity:${provider}`, type: rawType, arn: null, name: provider, accountId: account };
    }
    case IdentityType.SAMLUser: {
      const provider = getString(ui, 'identityProvider') ?? 'unknown';
      const user = userName ?? principalId ?? 'unknown';
      return { key: `saml:${provider}:${user}`, type: rawType, arn: null, name: user, accountId: account };
    }
    case IdentityType.IdentityCenterUser: {
      const store = getString(ui, 'onBehalfOf.identityStoreArn') ?? 'unknown';
      const user = getString(ui, 'onBehalfOf.userId') ?? userName ?? 'unknown';
      return {
        key: `identity-center:${store}:${user}`,
        type: rawType,
        arn: null,
        name: userName ?? user,
        accountId: account,
      };
    }
    case IdentityType.Unknown: {
      const sessionRole = match(arn, ASSUMED_ROLE, 1);
      if (sessionRole !== undefined && account !== null) {
        const roleArn = `arn:${partition}:iam::${account}:role/${sessionRole}`;
        return { key: roleArn, type: rawType, arn: roleArn, name: sessionRole, accountId: account };
      }
      const who = userName ?? principalId ?? '';
      return {
        key: `unknown:${account ?? ''}:${who}`,
        type: rawType,
        arn: arn ?? null,
        name: who || null,
        accountId: account,
      };
    }
    default: {
      const who = arn ?? principalId ?? userName ?? '';
      return {
        key: `${rawType.toLowerCase()}:${who}`,
        type: rawType,
        arn: arn ?? null,
        name: userName ?? (who || null),
        accountId: account,
      };
    }
  }
}
