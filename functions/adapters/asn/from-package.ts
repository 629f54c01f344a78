/**
 * Builds the binary ASN table from the npm data package `@ip-location-db/asn` (RouteViews, the five
 * RIRs and DB-IP's IP-to-ASN Lite, CC BY 4.0: see NOTICE): its `asn-ipv4-num.csv` and `asn-ipv6.csv`,
 * lines `start,end,asn,"name"`. Run by the build (`scripts/build-asn.ts`), and from sources when no
 * built table is found. Reads files only: nothing is fetched.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type AsnRange, encodeAsnDatabase, parseIp } from '../../engine/net/index.js';

/** The data package and the files read from it. */
export const ASN_PACKAGE = '@ip-location-db/asn';

/** The installed data package's folder and version; throws when it is not installed. */
export function asnPackage(from: string = import.meta.url): { dir: string; version: string } {
  const require = createRequire(from);
  const manifest = require.resolve(`${ASN_PACKAGE}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

/** `start,end,asn,name` (the name possibly quoted, with doubled quotes inside). */
function fields(line: string): [string, string, string, string] | null {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  let name = line.slice(c + 1).trim();
  if (name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), name];
}

function ranges(text: string, parse: (s: string) => bigint | null, names: Map<number, string>): AsnRange[] {
  const out: AsnRange[] = [];
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f === null) continue;
    const start = parse(f[0]);
    const end = parse(f[1]);
    const asn = Number(f[2]);
    if (start === null || end === null || !Number.isInteger(asn) || asn <= 0 || asn > 0xffffffff) continue;
    out.push({ start, end, asn });
    if (!names.has(asn)) names.set(asn, f[3]);
  }
  return out;
}

/** The binary table built from the installed data package (or one in `dir`). */
export function asnTableFromPackage(pkg: { dir: string; version: string } = asnPackage()): Uint8Array {
  const names = new Map<number, string>();
  const v4 = ranges(
    readFileSync(join(pkg.dir, 'asn-ipv4-num.csv'), 'utf8'),
    (s) => (/^\d+$/.test(s) ? BigInt(s) : null),
    names,
  );
  const v6 = ranges(
    readFileSync(join(pkg.dir, 'asn-ipv6.csv'), 'utf8'),
    (s) => {
      const ip = parseIp(s);
      return ip?.version === 6 ? ip.value : null;
    },
    names,
  );
  return encodeAsnDatabase({ package: ASN_PACKAGE, version: pkg.version }, v4, v6, names);
}
