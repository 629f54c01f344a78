/**
 * Where a runtime's config comes from: the deployed config object (re-read at every run, parsed again
 * only when it changed) or the built-in defaults.
 * @module
 */
import type { ConfigObject } from '../adapters/aws/s3/index.js';
import { defaultConfig, type LoadedConfig } from './config.js';
import { parseDeployedConfig } from './deployed-config.js';
import type { Rule } from '../engine/rules/index.js';
import { compileRuleFiles, type RuleFile } from './rule-files.js';

/** A config as a run uses it, with the rule files it ships. */
export interface RunConfig extends LoadedConfig {
  ruleFiles: RuleFile[];
  /** The rule files compiled (their problems are in `warnings`: one bad file never stops the others). */
  extraRules: Rule[];
  /** The object version read (null for the defaults). */
  version: string | null;
}

/** Loads the config for each run; `read` is the object reader (none: the built-in defaults). */
export function configSource(read: (() => Promise<ConfigObject>) | null, label: string): () => Promise<RunConfig> {
  let cached: RunConfig | null = null;
  return async () => {
    if (read === null) return { ...defaultConfig(), ruleFiles: [], extraRules: [], version: null };
    const object = await read();
    if (cached !== null && !object.changed) return cached;
    const parsed = parseDeployedConfig(object.text, label);
    const compiled = compileRuleFiles(parsed.ruleFiles);
    cached = {
      ...parsed,
      warnings: [...parsed.warnings, ...compiled.problems.map((p) => `rule file refused: ${p}`)],
      extraRules: compiled.rules,
      version: object.version,
    };
    return cached;
  };
}
