/**
 * The `network` dimension: where a call came from, as a value that stays the same while a principal
 * works normally. An autonomous system (`as:14061`) from the offline table, else the address prefix
 * (`net:203.0.113.0/24`, `net:2001:db8:1::/48`); private addresses, VPC endpoints and AWS service names
 * are their own classes; the big clouds' address space is one network per cloud (`cloud:aws`), so Lambda
 * and CI runners on rotating addresses do not look new at every call. Pure: the table comes as data.
 * @module
 */
import {
  type AsnDatabase,
  type AsnInfo,
  isPrivateIp,
  lookupAsn,
  lookupAsnBlock,
  parseCidr,
  parseIp,
} from '../net/index.js';

/** Classes of network values. */
export const NetworkKind = {
  Asn: 'asn',
  Cloud: 'cloud',
  Prefix: 'prefix',
  Private: 'private',
  VpcEndpoint: 'vpce',
  Service: 'service',
  None: 'none',
} as const;
export type NetworkKind = (typeof NetworkKind)[keyof typeof NetworkKind];

/** One network as the baseline learns it, with what a person reads. */
export interface Network {
  /** Baseline value: `as:14061`, `cloud:aws`, `net:1.2.3.0/24`, `private`, `vpce:vpce-0abc`, `service:ec2.amazonaws.com`. */
  value: string;
  kind: NetworkKind;
  /** `AS14061 (DigitalOcean, LLC)`, `AWS address space`, ... */
  label: string;
  /** A hosting provider: where rented servers live. */
  hosting: boolean;
  /** An anonymising network (Tor exits, commercial VPNs): who is behind it cannot be known. */
  anonymising?: boolean;
  /** Whether a change of this value says anything about who holds the credentials (AWS's own callers do not). */
  signal: boolean;
}

/** Resolves a network key (see caller-sql.ts) to its network. */
export type NetworkResolver = (networkKey: string) => Network;

/** Clouds whose many autonomous systems are one network each (by AS name, as the table spells it). */
const CLOUDS: ReadonlyArray<{ id: string; label: string; name: RegExp }> = [
  { id: 'aws', label: 'AWS address space', name: /^amazon(\.com|\s+(data services|technologies|web services))/i },
  { id: 'google', label: 'Google address space', name: /^google(\s+(llc|cloud|ireland))/i },
  { id: 'microsoft', label: 'Microsoft address space (Azure, GitHub-hosted runners)', name: /^microsoft\b/i },
];

/** Hosting providers, by AS name: a new network there weighs more (rented servers, where thieves work from). */
const HOSTING =
  /digitalocean|hetzner|\bovh\b|linode|akamai connected|vultr|choopa|contabo|scaleway|online s\.a\.s|m247|leaseweb|hostinger|datacamp|psychz|quadranet|frantech|ponynet|buyvm|kamatera|ionos|netcup|colocrossing|hostwinds|g-core|gcore|cherry servers|worldstream|serverius|estnoc|packethub|alibaba|tencent|oracle|hosting|server|vps|datacenter|data center/i;

/** Anonymising networks, by AS name: Tor exit operators and commercial VPNs. */
const ANONYMISING =
  /zwiebelfreunde|erneuerbare freiheit|emerald onion|applied privacy|torservers|tor exit|tor project|flokinet|njalla|mullvad|nordvpn|proton ag|private internet access|datacamp|m247/i;

const prefixNetwork = (prefix: string): Network => ({
  value: `net:${prefix}`,
  kind: NetworkKind.Prefix,
  label: `${prefix} (no autonomous system known)`,
  hosting: false,
  signal: true,
});

function asnNetwork(info: AsnInfo): Network {
  const cloud = CLOUDS.find((c) => c.name.test(info.name));
  if (cloud)
    return { value: `cloud:${cloud.id}`, kind: NetworkKind.Cloud, label: cloud.label, hosting: false, signal: true };
  return {
    value: `as:${info.asn}`,
    kind: NetworkKind.Asn,
    label: info.name ? `AS${info.asn} (${info.name})` : `AS${info.asn}`,
    hosting: HOSTING.test(info.name),
    anonymising: ANONYMISING.test(info.name),
    signal: true,
  };
}

/** `x:y:z::/48` of an IPv6 address value. */
function v6Prefix(value: bigint): string {
  const words = [(value >> 112n) & 0xffffn, (value >> 96n) & 0xffffn, (value >> 80n) & 0xffffn];
  return `${words.map((w) => w.toString(16)).join(':')}::/48`;
}

/** The network of one key, looked up in the table when there is one (null: prefixes only). */
export function networkOf(key: string, db: AsnDatabase | null): Network {
  if (key === 'none' || key === '') {
    return { value: 'none', kind: NetworkKind.None, label: 'no source address', hosting: false, signal: false };
  }
  if (key.startsWith('vpce:')) {
    const id = key.slice(5);
    return { value: key, kind: NetworkKind.VpcEndpoint, label: `VPC endpoint ${id}`, hosting: false, signal: true };
  }
  if (key.startsWith('svc:')) {
    const name = key.slice(4);
    return {
      value: `service:${name}`,
      kind: NetworkKind.Service,
      label: `AWS (${name})`,
      hosting: false,
      signal: false,
    };
  }
  const cidr = parseCidr(key);
  const ip = cidr ?? parseIp(key);
  if (ip === null) return prefixNetwork(key);
  if (isPrivateIp(ip)) {
    return { value: 'private', kind: NetworkKind.Private, label: 'a private address', hosting: false, signal: true };
  }
  const prefix = ip.version === 4 ? key : v6Prefix(ip.value);
  const info = db === null ? null : cidr !== null ? lookupAsnBlock(db, cidr) : lookupAsn(db, ip);
  return info === null ? prefixNetwork(prefix) : asnNetwork(info);
}

/** A resolver over a table (or none), remembering what it resolved. */
export function networkResolver(db: AsnDatabase | null): NetworkResolver {
  const cache = new Map<string, Network>();
  return (key) => {
    let n = cache.get(key);
    if (n === undefined) {
      n = networkOf(key, db);
      if (cache.size < 100_000) cache.set(key, n);
    }
    return n;
  };
}
