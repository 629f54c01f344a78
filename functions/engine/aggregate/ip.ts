/** IP address helpers for correlation: which source addresses identify an actor, and CIDR matching. */

function parseIpv4(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function parseIpv6(ip: string): bigint | null {
  if (!ip.includes(':') || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const last = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  const extra: string[] = [];
  if (last?.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    (tail.length > 0 ? tail : head).pop();
    extra.push(((v4 >>> 16) & 0xffff).toString(16), (v4 & 0xffff).toString(16));
  }
  const missing = 8 - head.length - tail.length - extra.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail, ...extra];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

type Parsed = { v: 4; n: bigint } | { v: 6; n: bigint };

function parse(ip: string): Parsed | null {
  const v4 = parseIpv4(ip);
  if (v4 !== null) return { v: 4, n: BigInt(v4) };
  const v6 = parseIpv6(ip);
  return v6 === null ? null : { v: 6, n: v6 };
}

/** Whether `ip` lies in `cidr` (`1.2.3.0/24`, `2001:db8::/32`, or a bare address). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = parse(ip);
  const b = parse(base ?? '');
  if (!a || !b || a.v !== b.v) return false;
  const width = a.v === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return false;
  const shift = BigInt(width - bits);
  return a.n >> shift === b.n >> shift;
}

const NON_PUBLIC = [
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
];

/**
 * Whether a `sourceIPAddress` value is a public address that can identify an actor: not a service
 * name (`ec2.amazonaws.com`, `AWS Internal`), not private, loopback, link-local, documentation or redacted (`0.0.0.0`).
 */
export function isPublicIp(value: string): boolean {
  if (parse(value) === null) return false;
  return !NON_PUBLIC.some((cidr) => inCidr(value, cidr));
}
