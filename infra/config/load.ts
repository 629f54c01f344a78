/**
 * Reads and validates the deployment config file (YAML or JSON). Every problem is reported at once,
 * each naming its key, so a platform engineer fixes the file in one pass.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deployConfigSchema, type DeployConfig } from './schema.js';

/** The config file is missing, unreadable or invalid; `problems` lists one line per key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'ConfigError';
  }
}

/** Validates an already parsed config object; `file` only names the source in errors. */
export function parseDeployConfig(raw: unknown, file = 'config'): DeployConfig {
  const result = deployConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${key === '(top level)' ? '' : `${key}.`}${issue.keys.join(', ')}: unknown key (check the spelling against ct-anomaly.config.example.yaml)`;
    }
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${key}: is required`;
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError(file, problems);
}

/** Reads a YAML/JSON config file and validates it. */
export function loadDeployConfig(file: string): DeployConfig {
  if (!existsSync(file)) throw new ConfigError(file, ['file not found']);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, [`not valid YAML: ${error instanceof Error ? error.message : String(error)}`], {
      cause: error,
    });
  }
  return parseDeployConfig(raw, file);
}
