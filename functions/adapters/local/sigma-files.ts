/**
 * Reads the Sigma rule folders a config names (`rules.sigma`) into `{ path, text }` pairs for the
 * engine's `compileSigmaRules`: rule files (`.yml`, `.yaml`) and their cases (`.cases.jsonl`), walked
 * recursively in a stable order. A folder or file that cannot be read is reported, never skipped silently.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { CASES_SUFFIX, type SigmaFile } from '../../engine/rules/sigma/index.js';

/** The files read and what could not be read. */
export interface SigmaFolders {
  files: SigmaFile[];
  problems: Array<{ path: string; reason: string }>;
}

/** Options of {@link loadSigmaFolders}. */
export interface LoadSigmaFoldersOptions {
  /** Relative paths resolve against this folder (the config file's); default the working directory. */
  baseDir?: string;
}

const wanted = (name: string): boolean => /\.ya?ml$/i.test(name) || name.endsWith(CASES_SUFFIX);

async function walk(path: string, out: string[]): Promise<void> {
  const info = await stat(path);
  if (info.isFile()) {
    out.push(path);
    return;
  }
  const entries = await readdir(path, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await walk(child, out);
    else if (entry.isFile() && wanted(entry.name)) out.push(child);
  }
}

/** Reads every Sigma rule and cases file under `paths` (folders or files). */
export async function loadSigmaFolders(
  paths: readonly string[],
  options: LoadSigmaFoldersOptions = {},
): Promise<SigmaFolders> {
  const result: SigmaFolders = { files: [], problems: [] };
  for (const given of paths) {
    const root = isAbsolute(given) || options.baseDir === undefined ? given : resolve(options.baseDir, given);
    const found: string[] = [];
    try {
      await walk(root, found);
    } catch (error) {
      result.problems.push({ path: root, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      continue;
    }
    for (const path of found) {
      try {
        result.files.push({ path, text: await readFile(path, 'utf8') });
      } catch (error) {
        result.problems.push({ path, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
    }
  }
  return result;
}
