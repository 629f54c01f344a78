/**
 * Reads the `--config` file of any command: the one config schema, with the same line-numbered errors
 * everywhere, and the rule files it names (`rules.sigma` folders, relative to the config file).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadSigmaFolders } from '../adapters/local/sigma-files.js';
import type { Rule } from '../engine/rules/index.js';
import { defaultConfig, type LoadedConfig, parseConfigText } from '../pipeline/config.js';
import { compileRuleFiles, type RuleFile } from '../pipeline/rule-files.js';
import { CliError, type CommandIo, ExitCode } from './command.js';

/** A config file and the rule files it names. */
export interface ConfigFile extends LoadedConfig {
  ruleFiles: RuleFile[];
  /** Rule folders or files that could not be read. */
  unreadable: string[];
}

/** The config of `--config <path>` (the built-in defaults when no path is given) with its rule files. */
export async function readConfigFile(path: string | undefined): Promise<ConfigFile> {
  if (path === undefined) return { ...defaultConfig(), ruleFiles: [], unreadable: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      'check the --config path',
      ExitCode.Error,
    );
  }
  const loaded = parseConfigText(text, path);
  if (loaded.config.rules.sigma.length === 0) return { ...loaded, ruleFiles: [], unreadable: [] };
  const folders = await loadSigmaFolders(loaded.config.rules.sigma, { baseDir: dirname(path) });
  return {
    ...loaded,
    ruleFiles: folders.files,
    unreadable: folders.problems.map((p) => `${p.path}: cannot read (${p.reason})`),
  };
}

/**
 * The rules a config file adds to the catalog, compiled; every refused file is printed as
 * `sigma: path:line: message` and the command stops (a rule set that half loads must not pass for whole).
 */
export function extraRulesOf(file: ConfigFile, configPath: string | undefined, io: CommandIo): Rule[] {
  const { rules, problems } = compileRuleFiles(file.ruleFiles);
  const all = [...file.unreadable, ...problems];
  for (const line of all) io.stderr.write(`sigma: ${line}\n`);
  if (all.length > 0) {
    throw new CliError(
      `${all.length} Sigma problem${all.length === 1 ? '' : 's'} in rules.sigma of ${configPath ?? 'the config'} (listed above)`,
      'fix the files, or remove them from rules.sigma; docs/sigma.md lists what is supported',
      ExitCode.Error,
    );
  }
  return rules;
}
