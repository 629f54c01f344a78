/** Reads the `--config` file of any command: the one config schema, with the same line-numbered errors everywhere. */
import { readFile } from 'node:fs/promises';
import { defaultConfig, type LoadedConfig, parseConfigText } from '../pipeline/config.js';
import { CliError, ExitCode } from './command.js';

/** The config of `--config <path>`, or the built-in defaults when no path is given. */
export async function readConfigFile(path: string | undefined): Promise<LoadedConfig> {
  if (path === undefined) return defaultConfig();
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
  return parseConfigText(text, path);
}
