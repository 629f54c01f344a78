/**
 * The offline IP-to-ASN table: sorted range starts with the autonomous system that announces each range
 * (0: none), IPv4 as 32-bit starts, IPv6 by its first 64 bits (no announcement is narrower than a /64),
 * and the AS names. Encoded as one compact binary (built from an npm data package by
 * `scripts/build-asn.ts`); loaded by an adapter and handed to the engine as data. Pure.
 * @module
 */
import type { ParsedIp } from './ip.js';

/** Where the table came from, for reports and the NOTICE. */
export interface AsnSource {
  /** The npm data package, e.g. `@ip-location-db/asn`. */
  package: string;
  version: string;
}

/** The table in memory. */
export interface AsnDatabase {
  source: AsnSource;
  v4Starts: Uint32Array;
  v4Asns: Uint32Array;
  /** First 64 bits of each IPv6 range start, high and low words. */
  v6High: Uint32Array;
  v6Low: Uint32Array;
  v6Asns: Uint32Array;
  names: ReadonlyMap<number, string>;
}

/** One lookup result. */
export interface AsnInfo {
  asn: number;
  name: string;
}

const MAGIC = 'CTASN002';

/** Finds the last index whose start is <= the key (binary search over one or two words). */
function floorIndex(n: number, le: (i: number) => boolean): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (le(mid)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The autonomous system announcing an address, or null (unannounced, private, or not in the table). */
export function lookupAsn(db: AsnDatabase, ip: ParsedIp): AsnInfo | null {
  const i = lookupIndex(db, ip);
  const asn = i < 0 ? 0 : (ip.version === 4 ? db.v4Asns : db.v6Asns)[i]!;
  return asn === 0 ? null : { asn, name: db.names.get(asn) ?? '' };
}

/**
 * The autonomous system of an address block (`/24`, `/48`): the one announcing its first address, else
 * the first one announcing a part of it (an IPv6 /48 is often announced in smaller pieces).
 */
export function lookupAsnBlock(db: AsnDatabase, block: ParsedIp & { prefix: number }): AsnInfo | null {
  const direct = lookupAsn(db, block);
  if (direct !== null) return direct;
  const bits = block.version === 4 ? 32 : 128;
  const last = block.value | ((1n << BigInt(bits - block.prefix)) - 1n);
  const starts = (k: number): bigint =>
    block.version === 4 ? BigInt(db.v4Starts[k]!) : ((BigInt(db.v6High[k]!) << 32n) | BigInt(db.v6Low[k]!)) << 64n;
  const asns = block.version === 4 ? db.v4Asns : db.v6Asns;
  const n = asns.length;
  // the ranges starting inside the block, first to last
  let i = lookupIndex(db, { version: block.version, value: block.value }) + 1;
  for (; i < n && starts(i) <= last; i++)
    if (asns[i] !== 0) return { asn: asns[i]!, name: db.names.get(asns[i]!) ?? '' };
  return null;
}

/** The index of the range holding an address (-1 before the first). */
function lookupIndex(db: AsnDatabase, ip: ParsedIp): number {
  if (ip.version === 4) {
    const key = Number(ip.value);
    return floorIndex(db.v4Starts.length, (k) => db.v4Starts[k]! <= key);
  }
  const high = Number((ip.value >> 96n) & 0xffffffffn);
  const low = Number((ip.value >> 64n) & 0xffffffffn);
  return floorIndex(db.v6High.length, (k) => db.v6High[k]! < high || (db.v6High[k] === high && db.v6Low[k]! <= low));
}

/** A range as a data package lists it: inclusive start and end, and its AS. */
export interface AsnRange {
  start: bigint;
  end: bigint;
  asn: number;
}

/** Sorted, non-overlapping breakpoints of ranges: a start per range, a 0 after each gap, equal neighbours merged. */
function breakpoints(ranges: readonly AsnRange[], shift: bigint): Array<[bigint, number]> {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Array<[bigint, number]> = [];
  const push = (start: bigint, asn: number): void => {
    // a range starting where the previous gap began replaces that gap; equal neighbours merge
    while (out.length > 0 && out.at(-1)![0] >= start) out.pop();
    if (out.length === 0 || out.at(-1)![1] !== asn) out.push([start, asn]);
  };
  let covered = -1n;
  for (const r of sorted) {
    const start = r.start >> shift;
    const end = r.end >> shift;
    if (end <= covered) continue;
    push(start > covered ? start : covered + 1n, r.asn);
    push(end + 1n, 0);
    covered = end;
  }
  return out;
}

/** Encodes ranges and names into the binary table (what the build writes). */
export function encodeAsnDatabase(
  source: AsnSource,
  v4: readonly AsnRange[],
  v6: readonly AsnRange[],
  names: ReadonlyMap<number, string>,
): Uint8Array {
  const p4 = breakpoints(v4, 0n).filter(([start]) => start <= 0xffffffffn);
  const p6 = breakpoints(v6, 64n).filter(([start]) => start <= 0xffffffffffffffffn);
  const used = new Set([...p4, ...p6].map(([, asn]) => asn).filter((asn) => asn !== 0));
  const nameAsns = [...used].sort((a, b) => a - b);
  const nameText = new TextEncoder().encode(nameAsns.map((a) => (names.get(a) ?? '').replace(/\n/g, ' ')).join('\n'));
  const header = new TextEncoder().encode(
    JSON.stringify({ source, v4: p4.length, v6: p6.length, names: nameAsns.length, nameBytes: nameText.length }),
  );
  const headerPadded = Math.ceil((8 + 4 + header.length) / 4) * 4;
  const words = 2 * p4.length + 3 * p6.length + nameAsns.length;
  const bytes = new Uint8Array(headerPadded + words * 4 + nameText.length);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, header.length, true);
  bytes.set(header, 12);
  let offset = headerPadded;
  const put = (values: Iterable<number>): void => {
    for (const v of values) {
      view.setUint32(offset, v, true);
      offset += 4;
    }
  };
  // starts as differences from the previous start: sorted, so small, and they compress several times better
  put(p4.map(([s], i) => Number(s - (i === 0 ? 0n : p4[i - 1]![0]))));
  put(p4.map(([, a]) => a));
  put(p6.map(([s], i) => Number((s >> 32n) - (i === 0 ? 0n : p6[i - 1]![0] >> 32n))));
  put(p6.map(([s]) => Number(s & 0xffffffffn)));
  put(p6.map(([, a]) => a));
  put(nameAsns);
  bytes.set(nameText, offset);
  return bytes;
}

/** Decodes the binary table; throws on anything that is not one (a build or packaging error). */
export function decodeAsnDatabase(bytes: Uint8Array): AsnDatabase {
  const text = new TextDecoder();
  if (bytes.length < 12 || text.decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error('not an ASN table');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(text.decode(bytes.subarray(12, 12 + headerLength))) as {
    source: AsnSource;
    v4: number;
    v6: number;
    names: number;
    nameBytes: number;
  };
  let offset = Math.ceil((12 + headerLength) / 4) * 4;
  const take = (n: number, delta = false): Uint32Array => {
    const out = new Uint32Array(n);
    let prior = 0;
    for (let i = 0; i < n; i++) {
      const v = view.getUint32(offset + i * 4, true);
      prior = delta ? (prior + v) >>> 0 : v;
      out[i] = prior;
    }
    offset += n * 4;
    return out;
  };
  const v4Starts = take(header.v4, true);
  const v4Asns = take(header.v4);
  const v6High = take(header.v6, true);
  const v6Low = take(header.v6);
  const v6Asns = take(header.v6);
  const nameAsns = take(header.names);
  const nameList = text.decode(bytes.subarray(offset, offset + header.nameBytes)).split('\n');
  const names = new Map<number, string>();
  nameAsns.forEach((asn, i) => names.set(asn, nameList[i] ?? ''));
  return { source: header.source, v4Starts, v4Asns, v6High, v6Low, v6Asns, names };
}
