/**
 * Walks the paths given on the command line: folders recursively in a deterministic (byte-wise sorted)
 * order, following symbolic links without looping, with a bounded number of file system calls at once.
 * @module
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { type SkippedFile, SkipReason } from './input.js';

/** One regular file found by the walk. */
export interface WalkedFile {
  path: string;
  size: number;
  /** Named on the command line rather than found inside a folder. */
  given: boolean;
  /** `dev:ino`, to notice the same file reached twice (null where the platform has no inode numbers). */
  id: string | null;
}

/** A walk step, in walk order: a file, or a path that could not be walked. */
export type WalkSlot = { file: WalkedFile } | { skipped: SkippedFile };

/** Options of {@link walkPaths}. */
export interface WalkOptions {
  followSymlinks: boolean;
  /** File system calls in flight at once. */
  concurrency: number;
}

/** Runs at most `n` tasks at once; tasks never wait on each other, so nesting cannot deadlock. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    active--;
    queue.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** Byte-wise order of names: the same on every machine and locale (and date order for the S3 layout). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Walks every path in order; folders are expanded in sorted order. Never throws for file system errors. */
export async function walkPaths(paths: readonly string[], options: WalkOptions): Promise<WalkSlot[]> {
  const limit = limiter(Math.max(1, options.concurrency));
  const statOf = options.followSymlinks ? stat : lstat;

  const walk = async (path: string, given: boolean, ancestors: ReadonlySet<string>): Promise<WalkSlot[]> => {
    let info: Stats;
    try {
      info = await limit(() => (given ? stat(path) : statOf(path)));
    } catch (error) {
      const code = codeOf(error);
      const reason = given && code === 'ENOENT' ? SkipReason.NotFound : SkipReason.Unreadable;
      return [{ skipped: { path, reason, detail: code === 'ENOENT' && !given ? 'ENOENT (dangling link?)' : code } }];
    }
    if (info.isFile()) {
      return [{ file: { path, size: info.size, given, id: info.ino === 0 ? null : `${info.dev}:${info.ino}` } }];
    }
    if (!info.isDirectory()) {
      const what = info.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a regular file (use - for a pipe)';
      return [{ skipped: { path, reason: SkipReason.NotCloudTrail, detail: what } }];
    }
    const id = `${info.dev}:${info.ino}`;
    if (ancestors.has(id)) return []; // a link back to a folder being walked: its files come from the walk already
    let names: string[];
    try {
      names = (await limit(() => readdir(path))).sort(compareNames);
    } catch (error) {
      return [{ skipped: { path, reason: SkipReason.Unreadable, detail: codeOf(error) } }];
    }
    const inner = new Set(ancestors).add(id);
    const children = await Promise.all(names.map((name) => walk(join(path, name), false, inner)));
    return children.flat();
  };

  const slots: WalkSlot[] = [];
  for (const path of paths) slots.push(...(await walk(path, true, new Set())));
  return slots;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : String(error);
}
