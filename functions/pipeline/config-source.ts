/**
 * Where a runtime's config comes from: the deployed config object (re-read at every run, parsed again
 * only when it changed) or the built-in defaults.
 * @module
 */
import type { ConfigObject } from '../adapters/aws/s3/index.js';
import { defaultConfig, type LoadedConfig } from './config.js';
import { parseDeployedConfig, type RuleFile } from './deployed-config.js';

/** A config as a run uses it, with the rule files it ships. */
export interface RunConfig extends LoadedConfig {
  ruleFiles: RuleFile[];
  /** The object version read (null for the defaults). */
  version: string | null;
}

/** Loads the config for each run; `read` is the object reader (none: the built-in defaults). */
export function configSource(read: (() => Promise<ConfigObject>) | null, label: string): () => Promise<RunConfig> {
  let cached: RunConfig | null = null;
  return async () => {
    if (read === null) return { ...defaultConfig(), ruleFiles: [], version: null };
    const object = await read();
    if (cached !== null && !object.changed) return cached;
    cached = { ...parseDeployedConfig(object.text, label), version: object.version };
    return cached;
  };
}
