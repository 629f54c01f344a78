/**
 * Reads and validates the deployment config file (YAML or JSON). Every problem is reported at once,
 * each naming its key, so a platform engineer fixes the file in one pass.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from '../../functions/pipeline/errors.js';
import { deployConfigSchema, type DeployConfig } from './schema.js';

export { ConfigError };

/** The error of a deployment config file: its name and one line per problem. */
function invalid(file: string, problems: string[], cause?: unknown): ConfigError {
  return new ConfigError(`${file}: invalid config\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    problems,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Deployment keys that became detection settings (one config for the scan and the cloud). */
const MOVED: Record<string, string> = {
  'agents.learningDays': 'learningDays',
  'agents.ttlDays': 'ttlDays',
  'agents.windowMinutes': 'windowMinutes',
  'agents.lagMinutes': 'lagMinutes',
  'sinks.minSeverity': 'alerts.routing.minSeverity',
};

/** Validates an already parsed config object; `file` only names the source in errors. */
export function parseDeployConfig(raw: unknown, file = 'config'): DeployConfig {
  const result = deployConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const prefix = key === '(top level)' ? '' : `${key}.`;
      return issue.keys
        .map((k) =>
          MOVED[`${prefix}${k}`]
            ? `${prefix}${k}: moved to the detection config (the file detectionConfig names), as ${MOVED[`${prefix}${k}`]}`
            : `${prefix}${k}: unknown key (check the spelling against ct-anomaly.config.example.yaml)`,
        )
        .join('; ');
    }
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `${key}: is required`;
    return `${key}: ${issue.message}`;
  });
  throw invalid(file, problems);
}

/** Reads a YAML/JSON config file and validates it. */
export function loadDeployConfig(file: string): DeployConfig {
  if (!existsSync(file)) throw invalid(file, ['file not found']);
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw invalid(file, [`not valid YAML: ${error instanceof Error ? error.message : String(error)}`], error);
  }
  return parseDeployConfig(raw, file);
}
