/**
 * The config as the deployment delivers it: one JSON object in the artifact bucket, written at synth
 * from the same file `scan --config` reads (validated there, with line numbers), read by every agent and
 * the aggregator at each run. It carries the config and the texts of the rule files the config names,
 * so nothing on the machine that synthesized it is needed at run time.
 * @module
 */
import { parse } from 'yaml';
import { type LoadedConfig, parseConfigText } from './config.js';
import { ConfigError } from './errors.js';
import type { RuleFile } from './rule-files.js';

/** The version of the delivered document's shape. */
export const DEPLOYED_CONFIG_VERSION = 1;

/** The delivered document. */
export interface DeployedConfig {
  schemaVersion: typeof DEPLOYED_CONFIG_VERSION;
  /** Where the config came from (shown in errors and logs). */
  source: string;
  /** The config as written (YAML turned into JSON), validated again on read. */
  config: unknown;
  ruleFiles: RuleFile[];
}

/** Renders the document from a config file's text (validates it first: errors name file and line). */
export function renderDeployedConfig(text: string, file: string, ruleFiles: readonly RuleFile[] = []): string {
  parseConfigText(text, file);
  const doc: DeployedConfig = {
    schemaVersion: DEPLOYED_CONFIG_VERSION,
    source: file,
    config: parse(text) ?? {},
    ruleFiles: [...ruleFiles],
  };
  return `${JSON.stringify(doc)}\n`;
}

/** The config (and its rule files) from a delivered document. */
export function parseDeployedConfig(text: string, label: string): LoadedConfig & { ruleFiles: RuleFile[] } {
  let doc: Partial<DeployedConfig>;
  try {
    doc = JSON.parse(text) as Partial<DeployedConfig>;
  } catch (error) {
    throw new ConfigError(`${label} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (doc.schemaVersion !== DEPLOYED_CONFIG_VERSION) {
    throw new ConfigError(
      `${label} has schemaVersion ${String(doc.schemaVersion)}, this function reads ${DEPLOYED_CONFIG_VERSION}: deploy the matching version`,
    );
  }
  const loaded = parseConfigText(JSON.stringify(doc.config ?? {}), `${label} (from ${doc.source ?? 'unknown'})`);
  return { ...loaded, ruleFiles: Array.isArray(doc.ruleFiles) ? doc.ruleFiles : [] };
}
