/**
 * The rules a `ct-anomaly rules` run shows: the catalog, plus the Sigma rules the config's `rules.sigma`
 * names (read from disk, compiled by the engine). Refused Sigma files are printed one per line,
 * `path:line: message`, and stop the command: a rule set that half loads would pass a CI check it should fail.
 * @module
 */
import { dirname } from 'node:path';
import { loadSigmaFolders } from '../../adapters/local/sigma-files.js';
import type { Config } from '../../engine/config/index.js';
import { compileSigmaRules, type SigmaRule } from '../../engine/rules/sigma/index.js';
import { CliError, type CommandIo, ExitCode } from '../command.js';
import { readConfigFile } from '../config-file.js';

/** The config (when given) and the Sigma rules it names. */
export interface RuleSources {
  config: Pick<Config, 'rules'> | null;
  sigma: SigmaRule[];
}

/** Loads the config and compiles its Sigma rules; throws a CliError listing what was refused. */
export async function loadRuleSources(configPath: string | undefined, io: CommandIo): Promise<RuleSources> {
  if (configPath === undefined) return { config: null, sigma: [] };
  const { config } = await readConfigFile(configPath);
  if (config.rules.sigma.length === 0) return { config, sigma: [] };
  const folders = await loadSigmaFolders(config.rules.sigma, { baseDir: dirname(configPath) });
  const { rules, errors } = compileSigmaRules(folders.files);
  const problems = [
    ...folders.problems.map((p) => `${p.path}: cannot read (${p.reason})`),
    ...errors.map((e) => `${e.path}${e.line === null ? '' : `:${e.line}`}: ${e.message}`),
  ];
  for (const line of problems) io.stderr.write(`sigma: ${line}\n`);
  if (problems.length > 0) {
    throw new CliError(
      `${problems.length} Sigma problem${problems.length === 1 ? '' : 's'} in rules.sigma of ${configPath} (listed above)`,
      'fix the files, or remove them from rules.sigma; docs/sigma.md lists what is supported',
      ExitCode.Error,
    );
  }
  return { config, sigma: rules };
}
