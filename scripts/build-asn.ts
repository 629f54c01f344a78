/**
 * The offline ASN table the network dimension reads (`dist/asn/asn.bin.gz`), built from the installed
 * data package `@ip-location-db/asn` (see NOTICE) and rebuilt only when that package's version changes.
 * Refresh: `npm install --save-dev --save-exact @ip-location-db/asn@<newer>` then `npm run build`.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ASN_FILE, asnPackage, asnTableFromPackage } from '../functions/adapters/asn/index.js';
import { decodeAsnDatabase } from '../functions/engine/net/index.js';

/** What the table build produced. */
export interface AsnTableReport {
  path: string;
  bytes: number;
  version: string;
  /** False when the table of this package version was already built. */
  built: boolean;
}

/** Builds `dist/asn/asn.bin.gz` under `rootDir` unless it holds this package version already. */
export function buildAsnTable(rootDir: string): AsnTableReport {
  const pkg = asnPackage(join(rootDir, 'package.json'));
  const path = join(rootDir, 'dist', 'asn', ASN_FILE);
  if (existsSync(path)) {
    try {
      const existing = readFileSync(path);
      if (decodeAsnDatabase(gunzipSync(existing)).source.version === pkg.version)
        return { path, bytes: existing.length, version: pkg.version, built: false };
    } catch {
      // unreadable: rebuilt below
    }
  }
  const data = gzipSync(asnTableFromPackage(pkg), { level: 9 });
  mkdirSync(join(rootDir, 'dist', 'asn'), { recursive: true });
  writeFileSync(path, data);
  return { path, bytes: data.length, version: pkg.version, built: true };
}
