/**
 * The one configuration of every runtime (`scan --config`, the deployment's detection config, what the
 * agents and the aggregator read at run time): parsed and validated here, with the same line-numbered
 * errors wherever it is read.
 * @module
 */
import { type Config, type ConfigProblem, DEFAULT_CONFIG, parseConfig } from '../engine/config/index.js';
import { ConfigError } from './errors.js';

/** A validated configuration and the warnings met on the way (deprecated keys, Netflix keys mapped). */
export interface LoadedConfig {
  config: Config;
  warnings: string[];
}

/** `file:line: key: message` for one problem. */
export function formatConfigProblem(file: string, p: ConfigProblem): string {
  return `${file}${p.line !== null ? `:${p.line}` : ''}: ${p.key}: ${p.message}`;
}

/**
 * Parses and validates config text (YAML or JSON); throws a {@link ConfigError} naming every problem with
 * its file and line.
 */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const result = parseConfig(text, file);
  if (result.ok) return { config: result.config, warnings: result.warnings };
  const problems = result.errors.map((e) => formatConfigProblem(file, e));
  const shown = problems.slice(0, 10);
  if (problems.length > 10) shown.push(`... and ${problems.length - 10} more`);
  throw new ConfigError(`invalid config ${shown.join('\n  ')}`, { problems });
}

/** The built-in defaults (no config file). */
export function defaultConfig(): LoadedConfig {
  return { config: DEFAULT_CONFIG, warnings: [] };
}
