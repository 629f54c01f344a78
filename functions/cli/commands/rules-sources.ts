/**
 * The rules a `ct-anomaly rules` run shows: the catalog, plus the Sigma rules the config's `rules.sigma`
 * names (read from disk, compiled by the engine). Refused Sigma files are printed one per line,
 * `path:line: message`, and stop the command: a rule set that half loads would pass a CI check it should fail.
 * @module
 */
import type { Config } from '../../engine/config/index.js';
import type { SigmaRule } from '../../engine/rules/sigma/index.js';
import type { CommandIo } from '../command.js';
import { extraRulesOf, readConfigFile } from '../config-file.js';

/** The config (when given) and the Sigma rules it names. */
export interface RuleSources {
  config: Pick<Config, 'rules'> | null;
  sigma: SigmaRule[];
}

/** Loads the config and compiles its Sigma rules; throws a CliError listing what was refused. */
export async function loadRuleSources(configPath: string | undefined, io: CommandIo): Promise<RuleSources> {
  if (configPath === undefined) return { config: null, sigma: [] };
  const file = await readConfigFile(configPath);
  return { config: file.config, sigma: extraRulesOf(file, configPath, io) as SigmaRule[] };
}
