/**
 * Where from and with what an event was called, pre-reduced per event so the activity query returns few
 * distinct values: `<network key>|<client token>`. The network key is the VPC endpoint
 * (`vpce:vpce-0abc`), an AWS service name (`svc:ec2.amazonaws.com`), the IPv4 /24 (`203.0.113.0/24`), the
 * IPv6 /48 (`2001:db8:1::/48`; the address itself when `::` cuts its first three groups) or `none`; the
 * client token is the first product name of the user agent, versions and OS dropped (`aws-cli`,
 * `boto3`, `hashicorp` for Terraform's `APN/1.0 HashiCorp/1.0 Terraform/...`). Plain string functions
 * that DuckDB and Athena share (no regular expression per record); the ASN and the client family are
 * resolved in JavaScript on the distinct values. `callerOf` is the JavaScript twin.
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';

/** Distinct callers kept per activity row (sorted; the first ones are kept whatever the source). */
export const MAX_CALLERS = 32;

/** Longest client token kept (a user agent is attacker-controlled text). */
const TOKEN_CHARS = 40;

/** The SQL expression of the network key over the canonical columns. */
function networkKeySql(ip: string, vpce: string): string {
  const part = (sep: string, i: number): string => `split_part(${ip}, '${sep}', ${i})`;
  return `CASE
      WHEN nullif(${vpce}, '') IS NOT NULL THEN 'vpce:' || ${vpce}
      WHEN nullif(${ip}, '') IS NULL THEN 'none'
      WHEN strpos(${ip}, ':') > 0 THEN
        CASE WHEN ${part(':', 1)} <> '' AND ${part(':', 2)} <> '' AND ${part(':', 3)} <> ''
          THEN lower(${part(':', 1)} || ':' || ${part(':', 2)} || ':' || ${part(':', 3)}) || '::/48'
          ELSE lower(${ip}) END
      WHEN lower(${ip}) = upper(${ip}) AND length(${ip}) - length(replace(${ip}, '.', '')) = 3
        THEN ${part('.', 1)} || '.' || ${part('.', 2)} || '.' || ${part('.', 3)} || '.0/24'
      ELSE 'svc:' || lower(${ip})
    END`;
}

/** The SQL expression of the client token. */
function clientTokenSql(ua: string): string {
  const u = `(CASE WHEN substr(${ua}, 1, 1) = '[' THEN substr(${ua}, 2) ELSE ${ua} END)`;
  const product = (text: string): string => `split_part(split_part(split_part(${text}, '/', 1), ' ', 1), ',', 1)`;
  return `CASE
      WHEN nullif(${ua}, '') IS NULL THEN 'none'
      WHEN starts_with(${u}, 'APN/') THEN substr(lower(${product(`coalesce(split_part(${u}, ' ', 2), '')`)}), 1, ${TOKEN_CHARS})
      ELSE substr(lower(${product(u)}), 1, ${TOKEN_CHARS})
    END`;
}

/** `<network key>|<client token>` of one event, as SQL over `sourceipaddress`, `vpcendpointid`, `useragent`. */
export function callerSql(ip = 'sourceipaddress', vpce = 'vpcendpointid', ua = 'useragent'): string {
  return `(${networkKeySql(ip, vpce)}) || '|' || (${clientTokenSql(ua)})`;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const product = (s: string): string => s.split('/')[0]!.split(' ')[0]!.split(',')[0]!;

/** The network key of an event (the SQL's twin). */
export function networkKeyOf(sourceIp: unknown, vpcEndpointId: unknown): string {
  const vpce = text(vpcEndpointId);
  if (vpce !== null) return `vpce:${vpce}`;
  const ip = text(sourceIp);
  if (ip === null) return 'none';
  if (ip.includes(':')) {
    const [a = '', b = '', c = ''] = ip.split(':');
    return a !== '' && b !== '' && c !== '' ? `${`${a}:${b}:${c}`.toLowerCase()}::/48` : ip.toLowerCase();
  }
  if (ip.toLowerCase() === ip.toUpperCase() && ip.split('.').length === 4) {
    const [a, b, c] = ip.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  return `svc:${ip.toLowerCase()}`;
}

/** The client token of a user agent (the SQL's twin). */
export function clientTokenOf(userAgent: unknown): string {
  const ua = text(userAgent);
  if (ua === null) return 'none';
  const u = ua.startsWith('[') ? ua.slice(1) : ua;
  const token = u.startsWith('APN/') ? product(u.split(' ')[1] ?? '') : product(u);
  return token.toLowerCase().slice(0, TOKEN_CHARS);
}

/** `<network key>|<client token>` of a record (the SQL's twin). */
export function callerOf(record: CloudTrailRecord): string {
  return `${networkKeyOf(record.sourceIPAddress, record.vpcEndpointId)}|${clientTokenOf(record.userAgent)}`;
}

/** Splits a caller into its network key and client token (the key never holds `|`, the token may). */
export function splitCaller(caller: string): { networkKey: string; clientToken: string } {
  const i = caller.indexOf('|');
  return i < 0
    ? { networkKey: caller, clientToken: 'none' }
    : { networkKey: caller.slice(0, i), clientToken: caller.slice(i + 1) };
}
