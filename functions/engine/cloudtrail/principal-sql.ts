/**
 * The SQL twin of `principalOf` and `serviceCallReason`, for DuckDB and Athena (Trino). It reads the
 * canonical CloudTrail columns (see `columns.ts`): `useridentity` as a struct, `eventsource`,
 * `sourceipaddress`, `useragent`. Both dialects meet on: `||`, `nullif`, `coalesce`, `lower`,
 * `split_part`, `regexp_extract` (DuckDB gives '' on no match, Trino NULL: wrapped in nullif), LIKE.
 * @module
 */

/** SQL dialects the builders target. */
export const Dialect = { DuckDB: 'duckdb', Athena: 'athena' } as const;
export type Dialect = (typeof Dialect)[keyof typeof Dialect];

/** SQL expressions computing the principal columns of one record. */
export interface PrincipalSql {
  key: string;
  type: string;
  arn: string;
  name: string;
  accountId: string;
}

const s = (literal: string): string => `'${literal.replace(/'/g, "''")}'`;

/** Builds the principal expressions over the struct column `ui` (default `useridentity`). */
export function principalSql(
  ui = 'useridentity',
  eventSource = 'eventsource',
  sourceIp = 'sourceipaddress',
): PrincipalSql {
  const f = (path: string): string => `nullif(${ui}.${path}, '')`;
  const rx = (value: string, pattern: string, group: number): string =>
    `nullif(regexp_extract(${value}, ${s(pattern)}, ${group}), '')`;
  const type = f('type');
  const arn = f('arn');
  const account = f('accountid');
  const principalId = f('principalid');
  const userName = f('username');
  const beforeColon = (v: string): string => `nullif(split_part(${v}, ':', 1), '')`;
  const partition = `coalesce(${rx(arn, '^arn:([^:]+):', 1)}, 'aws')`;

  const issuerArn = f('sessioncontext.sessionissuer.arn');
  const roleName = `coalesce(${f('sessioncontext.sessionissuer.username')}, ${rx(issuerArn, '[^/]+$', 0)}, ${rx(arn, 'assumed-role/([^/]+)/', 1)})`;
  const roleAccount = `coalesce(${f('sessioncontext.sessionissuer.accountid')}, ${account})`;
  const rolePartition = `coalesce(${rx(issuerArn, '^arn:([^:]+):', 1)}, ${partition})`;
  const roleArn = `'arn:' || ${rolePartition} || ':iam::' || ${roleAccount} || ':role/' || ${roleName}`;
  const roleKnown = `${roleName} IS NOT NULL AND ${roleAccount} IS NOT NULL`;
  const roleId = `coalesce(${f('sessioncontext.sessionissuer.principalid')}, ${beforeColon(principalId)}, 'unknown')`;

  const service = `coalesce(${f('invokedby')}, nullif(${sourceIp}, ''), 'unknown')`;
  const awsAccountId = `coalesce(${beforeColon(principalId)}, 'unknown')`;
  const webProvider = `coalesce(${f('identityprovider')}, ${beforeColon(principalId)}, 'unknown')`;
  const samlUser = `coalesce(${userName}, ${principalId}, 'unknown')`;
  const icStore = `coalesce(${f('onbehalfof.identitystorearn')}, 'unknown')`;
  const icUser = `coalesce(${f('onbehalfof.userid')}, ${userName}, 'unknown')`;
  const unknownWho = `coalesce(${userName}, ${principalId}, '')`;
  const fedIssuerArn = issuerArn;
  const fedIssuerName = `coalesce(${f('sessioncontext.sessionissuer.username')}, ${rx(issuerArn, '[^/]+$', 0)})`;
  const fedIssuerAccount = `coalesce(${f('sessioncontext.sessionissuer.accountid')}, ${account})`;
  const sessionRole = rx(arn, 'assumed-role/([^/]+)/', 1);
  const unknownRole = `${type} = 'Unknown' AND ${sessionRole} IS NOT NULL AND ${account} IS NOT NULL`;
  const unknownRoleArn = `'arn:' || ${partition} || ':iam::' || ${account} || ':role/' || ${sessionRole}`;
  const fedIssued = `${type} = 'FederatedUser' AND ${fedIssuerArn} IS NOT NULL`;
  const otherWho = `coalesce(${arn}, ${principalId}, ${userName}, '')`;
  const none = `${ui} IS NULL OR ${type} IS NULL`;
  const lastSegment = (v: string): string => rx(v, '[^/]+$', 0);

  const key = `CASE
    WHEN ${none} THEN 'none:' || coalesce(${eventSource}, 'unknown')
    WHEN ${type} = 'AssumedRole' AND ${roleKnown} THEN ${roleArn}
    WHEN ${type} = 'AssumedRole' THEN 'role-id:' || ${roleId}
    WHEN ${type} = 'IAMUser' THEN coalesce(${arn}, 'arn:' || ${partition} || ':iam::' || coalesce(${account}, 'unknown') || ':user/' || coalesce(${userName}, ${principalId}, 'unknown'))
    WHEN ${type} = 'Root' THEN 'arn:' || ${partition} || ':iam::' || coalesce(${account}, ${principalId}, 'unknown') || ':root'
    WHEN ${fedIssued} THEN ${fedIssuerArn}
    WHEN ${type} = 'FederatedUser' THEN coalesce(${arn}, 'federated:' || coalesce(${principalId}, 'unknown'))
    WHEN ${type} = 'AWSService' THEN 'service:' || ${service}
    WHEN ${type} = 'AWSAccount' THEN 'aws-account:' || coalesce(${account}, 'unknown') || ':' || ${awsAccountId}
    WHEN ${type} = 'WebIdentityUser' THEN 'web-identity:' || ${webProvider}
    WHEN ${type} = 'SAMLUser' THEN 'saml:' || coalesce(${f('identityprovider')}, 'unknown') || ':' || ${samlUser}
    WHEN ${type} = 'IdentityCenterUser' THEN 'identity-center:' || ${icStore} || ':' || ${icUser}
    WHEN ${unknownRole} THEN ${unknownRoleArn}
    WHEN ${type} = 'Unknown' THEN 'unknown:' || coalesce(${account}, '') || ':' || ${unknownWho}
    ELSE lower(${type}) || ':' || ${otherWho}
  END`;

  const principalType = `CASE WHEN ${none} THEN 'None' ELSE ${type} END`;

  const principalArn = `CASE
    WHEN ${none} THEN NULL
    WHEN ${type} = 'AssumedRole' AND ${roleKnown} THEN coalesce(${issuerArn}, ${roleArn})
    WHEN ${type} = 'Root' THEN coalesce(${arn}, 'arn:' || ${partition} || ':iam::' || coalesce(${account}, ${principalId}, 'unknown') || ':root')
    WHEN ${fedIssued} THEN ${fedIssuerArn}
    WHEN ${unknownRole} THEN ${unknownRoleArn}
    WHEN ${type} IN ('AWSService', 'WebIdentityUser', 'SAMLUser', 'IdentityCenterUser') THEN NULL
    ELSE ${arn}
  END`;

  const name = `CASE
    WHEN ${none} THEN coalesce(${eventSource}, 'unknown')
    WHEN ${type} = 'AssumedRole' AND ${roleKnown} THEN ${roleName}
    WHEN ${type} = 'AssumedRole' THEN ${roleId}
    WHEN ${type} = 'IAMUser' THEN coalesce(${userName}, ${lastSegment(arn)})
    WHEN ${type} = 'Root' THEN 'root'
    WHEN ${fedIssued} THEN ${fedIssuerName}
    WHEN ${type} = 'FederatedUser' THEN coalesce(${lastSegment(arn)}, ${principalId})
    WHEN ${type} = 'AWSService' THEN ${service}
    WHEN ${type} = 'AWSAccount' THEN ${awsAccountId}
    WHEN ${type} = 'WebIdentityUser' THEN ${webProvider}
    WHEN ${type} = 'SAMLUser' THEN ${samlUser}
    WHEN ${type} = 'IdentityCenterUser' THEN coalesce(${userName}, ${icUser})
    WHEN ${unknownRole} THEN ${sessionRole}
    WHEN ${type} = 'Unknown' THEN nullif(${unknownWho}, '')
    ELSE coalesce(${userName}, nullif(${otherWho}, ''))
  END`;

  const accountId = `CASE
    WHEN ${none} THEN NULL
    WHEN ${type} = 'AssumedRole' AND ${roleKnown} THEN ${roleAccount}
    WHEN ${type} = 'Root' THEN coalesce(${account}, ${principalId})
    WHEN ${fedIssued} THEN ${fedIssuerAccount}
    ELSE ${account}
  END`;

  return { key, type: principalType, arn: principalArn, name, accountId };
}

/** SQL twin of `serviceCallReason`: NULL when the principal made the call itself. */
export function serviceCallSql(ui = 'useridentity', sourceIp = 'sourceipaddress', _userAgent = 'useragent'): string {
  return `CASE
    WHEN ${ui}.type = 'AWSService' THEN 'aws-service'
    WHEN nullif(${ui}.invokedby, '') IS NOT NULL THEN 'invoked-by'
    WHEN ${sourceIp} = 'AWS Internal' THEN 'aws-internal'
    WHEN ${ui}.sessioncontext.sessionissuer.arn LIKE '%/aws-service-role/%' THEN 'service-linked-role'
    WHEN ${sourceIp} LIKE '%.amazonaws.com' THEN 'service-endpoint'
    ELSE NULL
  END`;
}
