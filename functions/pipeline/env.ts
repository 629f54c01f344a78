/**
 * Reading a Lambda's environment once, at cold start: every problem names the variable and what it
 * must hold ("Environment variable X is required (...)").
 * @module
 */
import { ConfigError } from './errors.js';

/** The environment, as `process.env` gives it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Typed access to one environment. */
export interface EnvReader {
  /** A required variable; `hint` says what it holds. */
  required(name: string, hint: string): string;
  /** An optional variable (empty means absent). */
  optional(name: string): string | null;
  /** An integer in [min, max], `fallback` when absent. */
  integer(name: string, fallback: number, min: number, max?: number): number;
  /** `true`/`false`, `fallback` when absent. */
  boolean(name: string, fallback: boolean): boolean;
  /** A comma or space separated list (empty when absent). */
  list(name: string): string[];
  /** A value that must match `pattern`; `what` describes the form in the error. */
  matching(name: string, pattern: RegExp, what: string, required: boolean): string | null;
}

/** A reader over `env`. */
export function envReader(env: Env): EnvReader {
  const optional = (name: string): string | null => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  return {
    optional,
    required(name, hint) {
      const v = optional(name);
      if (v === null) throw new ConfigError(`Environment variable ${name} is required (${hint})`);
      return v;
    },
    integer(name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
      const raw = optional(name);
      if (raw === null) return fallback;
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw) || n < min || n > max) {
        throw new ConfigError(`Environment variable ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      }
      return n;
    },
    boolean(name, fallback) {
      const raw = optional(name)?.toLowerCase() ?? null;
      if (raw === null) return fallback;
      if (raw !== 'true' && raw !== 'false') {
        throw new ConfigError(`Environment variable ${name} must be true or false, got "${raw}"`);
      }
      return raw === 'true';
    },
    list(name) {
      return (optional(name) ?? '').split(/[\s,]+/).filter(Boolean);
    },
    matching(name, pattern, what, required) {
      const v = optional(name);
      if (v === null) {
        if (required) throw new ConfigError(`Environment variable ${name} is required (${what})`);
        return null;
      }
      if (!pattern.test(v)) throw new ConfigError(`Environment variable ${name} must be ${what}, got "${v}"`);
      return v;
    },
  };
}
