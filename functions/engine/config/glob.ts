/** Globs for config values: `*` matches any run of characters (including `/` and `:`), `?` one character. */

/** Builds a case-insensitive, whole-string matcher for a glob. */
export function globMatcher(glob: string): (value: string) => boolean {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`, 'is');
  return (value) => re.test(value);
}

/** Whether `value` matches any of `globs`. */
export function matchesAnyGlob(globs: readonly string[], value: string): boolean {
  return globs.some((g) => globMatcher(g)(value));
}
