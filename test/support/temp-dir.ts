/**
 * Temporary folders for tests, made under the system temp folder and removed once the tests are done, so no
 * test file writes its own mkdtemp and rm hooks.
 *
 * - `useTempDir(prefix)` in a file or a describe block: a fresh folder for each test, or one for the whole
 *   block with `'all'`; read it through the getter it returns.
 * - `makeTempDir(prefix)` anywhere else (inside a test, in a helper, in a describe body): a folder removed
 *   after the last test of the file.
 * @module
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** How long a folder of `useTempDir` lives: one test, or all the tests of the block. */
export type TempDirScope = 'each' | 'all';

/** Where a folder is made. */
export interface TempDirOptions {
  /** In memory (/dev/shm) when the machine has it, for outputs of thousands of small files. */
  inMemory?: boolean;
}

/** The folder new temp folders go in. */
function baseOf(options: TempDirOptions): string {
  return options.inMemory && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Removes a folder and everything in it; one already gone is fine. */
function remove(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** The folders `makeTempDir` made for the current test file. */
const made: string[] = [];

// Registered when a test file first imports this module (vitest gives every test file its own modules), so it
// runs once that file's tests are done, after the file's own afterAll hooks (which may still hold files open).
afterAll(async () => {
  await Promise.all(made.splice(0).map(remove));
});

/**
 * Registers hooks that make a fresh folder under the system temp folder before each test (`'each'`) or before
 * the first test of the current file or describe block (`'all'`), and remove it after that test or block.
 * Call it before the block's own hooks, so they can use the folder and their after hooks run before it is removed.
 * @param prefix - start of the folder's name, e.g. `ct-run-`; random characters follow.
 * @returns a getter for the current folder; it throws outside the tests and hooks the folder lives for.
 */
export function useTempDir(prefix: string, scope: TempDirScope = 'each', options: TempDirOptions = {}): () => string {
  let dir: string | undefined;
  const make = async (): Promise<void> => {
    dir = await mkdtemp(join(baseOf(options), prefix));
  };
  const drop = async (): Promise<void> => {
    if (dir !== undefined) await remove(dir);
    dir = undefined;
  };
  if (scope === 'each') {
    beforeEach(make);
    afterEach(drop);
  } else {
    beforeAll(make);
    afterAll(drop);
  }
  return (): string => {
    if (dir === undefined) throw new Error(`no temp folder ${prefix}* here: it exists only during its tests`);
    return dir;
  };
}

/**
 * Makes a fresh folder under the system temp folder now, and removes it after the last test of the file.
 * For folders made inside a test, a helper or a describe body; use `useTempDir` for one per test or block.
 * @param prefix - start of the folder's name, e.g. `ct-report-`; random characters follow.
 */
export function makeTempDir(prefix: string, options: TempDirOptions = {}): string {
  const dir = mkdtempSync(join(baseOf(options), prefix));
  made.push(dir);
  return dir;
}
