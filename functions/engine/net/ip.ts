/**
 * IPv4/IPv6 addresses and CIDR blocks as CloudTrail logs them, parsed without throwing: the one parser
 * the rules (world-open CIDRs, private callers), suppressions (source CIDRs) and correlation (actor addresses) share.
 * @module
 */

/** A parsed address: its family and its value as a 32- or 128-bit integer. */
export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

/** A parsed CIDR block. `prefix` 0 means "everything" (0.0.0.0/0, ::/0). */
export interface ParsedCidr extends ParsedIp {
  prefix: number;
}

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let input = text.toLowerCase();
  const zone = input.indexOf('%');
  if (zone >= 0) input = input.slice(0, zone);
  let tail: bigint[] = [];
  const lastColon = input.lastIndexOf(':');
  if (input.includes('.') && lastColon >= 0) {
    const v4 = parseV4(input.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [(v4 >> 16n) & 0xffffn, v4 & 0xffffn];
    input = `${input.slice(0, lastColon + 1)}x`;
  }
  const halves = input.split('::');
  if (halves.length > 2) return null;
  const group = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = group(halves[0] ?? '');
  const rest = halves.length === 2 ? group(halves[1] ?? '') : [];
  const words: bigint[] = [];
  const toWords = (groups: string[]): bigint[] | null => {
    const out: bigint[] = [];
    for (const g of groups) {
      if (g === 'x') out.push(...tail);
      else if (/^[0-9a-f]{1,4}$/.test(g)) out.push(BigInt(parseInt(g, 16)));
      else return null;
    }
    return out;
  };
  const a = toWords(head);
  const b = toWords(rest);
  if (a === null || b === null) return null;
  if (halves.length === 2) {
    const fill = 8 - a.length - b.length;
    if (fill < 1) return null;
    words.push(...a, ...Array<bigint>(fill).fill(0n), ...b);
  } else {
    if (a.length !== 8) return null;
    words.push(...a);
  }
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** Parses an IPv4 or IPv6 address; null when it is not one (e.g. `AWS Internal`, a service name). */
export function parseIp(text: unknown): ParsedIp | null {
  if (typeof text !== 'string') return null;
  const s = text.trim();
  if (s === '' || s.length > 64) return null;
  if (s.includes(':')) {
    const value = parseV6(s.replace(/^\[|\]$/g, ''));
    return value === null ? null : { version: 6, value };
  }
  const value = parseV4(s);
  return value === null ? null : { version: 4, value };
}

/** Parses `a.b.c.d/n`, `x::/n`, or a bare address (a host block). */
export function parseCidr(text: unknown): ParsedCidr | null {
  if (typeof text !== 'string') return null;
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || address === undefined) return null;
  const ip = parseIp(address);
  if (ip === null) return null;
  const max = ip.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ...ip, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix > max ? null : { ...ip, prefix };
}

/** Whether `ip` lies inside `cidr` (same family only). */
export function ipInCidr(ip: ParsedIp, cidr: ParsedCidr): boolean {
  if (ip.version !== cidr.version) return false;
  const bits = BigInt(ip.version === 4 ? 32 : 128);
  const shift = bits - BigInt(cidr.prefix);
  return ip.value >> shift === cidr.value >> shift;
}

/**
 * Whether a CIDR opens to the whole internet: prefix length 0 (0.0.0.0/0, ::/0). Anonymised logs keep
 * the prefix but scramble the address (`208.236.235.254/0`), so the prefix alone decides.
 */
export function isWorldCidr(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const m = /\/(\d{1,3})\s*$/.exec(text);
  return m !== null && Number(m[1]) === 0;
}

const PRIVATE: ParsedCidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((c) => parseCidr(c) as ParsedCidr);

/** Whether an address is private, loopback, link-local or carrier-grade NAT (not routable on the internet). */
export function isPrivateIp(ip: ParsedIp): boolean {
  return PRIVATE.some((cidr) => ipInCidr(ip, cidr));
}

/** Whether the address text lies in the CIDR text (`1.2.3.0/24`, `2001:db8::/32`, or a bare address); false when either is not one. */
export function inCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const b = parseCidr(cidr);
  return a !== null && b !== null && ipInCidr(a, b);
}

/** Everything that is not a routable unicast internet address: private, shared, loopback, link-local, documentation, multicast. */
const NON_PUBLIC: ParsedCidr[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '2001:db8::/32',
].map((c) => parseCidr(c) as ParsedCidr);

/**
 * Whether a `sourceIPAddress` value is a public address that can identify an actor: not a service
 * name (`ec2.amazonaws.com`, `AWS Internal`), not private, loopback, link-local, documentation or redacted (`0.0.0.0`).
 */
export function isPublicIp(value: unknown): boolean {
  const ip = parseIp(value);
  return ip !== null && !NON_PUBLIC.some((cidr) => ipInCidr(ip, cidr));
}
