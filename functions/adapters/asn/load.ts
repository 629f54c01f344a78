/**
 * Loads the ASN table once per process, without network: the file beside the bundle (`asn.bin.gz` in
 * `dist/cli/` and in the agent's zip), else the repository's build output (`dist/asn/`), else it is
 * built from the installed data package and kept in `dist/asn/` for the next start. Without any of
 * them the engine falls back to address prefixes, and the caller says so.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type AsnDatabase, decodeAsnDatabase } from '../../engine/net/index.js';
import { asnPackage, asnTableFromPackage } from './from-package.js';

/** The file name of the table, gzip-compressed. */
export const ASN_FILE = 'asn.bin.gz';

/** What loading found: the table and where it came from, or why there is none. */
export type AsnLoad = { db: AsnDatabase; origin: string } | { db: null; problem: string };

let cached: AsnLoad | null = null;

/** The repository's build output, when this module runs from its sources (not from a bundle). */
function repositoryTable(): string | null {
  const here = fileURLToPath(import.meta.url);
  return /[\\/]functions[\\/]adapters[\\/]asn[\\/]load\.[tj]s$/.test(here)
    ? fileURLToPath(new URL(`../../../dist/asn/${ASN_FILE}`, import.meta.url))
    : null;
}

/** Where a built table is looked for, in order: beside the bundle, then the repository's build output. */
function candidates(): string[] {
  const repo = repositoryTable();
  return [fileURLToPath(new URL(`./${ASN_FILE}`, import.meta.url)), ...(repo ? [repo] : [])];
}

/** Reads (or builds) the table; the result is cached for the process. */
export function loadAsnDatabase(): AsnLoad {
  if (cached) return cached;
  for (const path of candidates()) {
    if (!existsSync(path)) continue;
    try {
      return (cached = { db: decodeAsnDatabase(gunzipSync(readFileSync(path))), origin: path });
    } catch (error) {
      return (cached = { db: null, problem: `${path}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  try {
    const table = asnTableFromPackage(asnPackage());
    const target = repositoryTable();
    if (target !== null) {
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(`${target}.${process.pid}.tmp`, gzipSync(table, { level: 9 }));
        renameSync(`${target}.${process.pid}.tmp`, target);
      } catch {
        // a read-only checkout still works: the table is built again next time
      }
    }
    return (cached = { db: decodeAsnDatabase(table), origin: 'built from the installed data package' });
  } catch (error) {
    return (cached = {
      db: null,
      problem: `no ASN table (${error instanceof Error ? error.message : String(error)}): networks fall back to address prefixes`,
    });
  }
}
