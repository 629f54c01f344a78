/**
 * The detection config of a deployment: the file the deployment config names (`detectionConfig`, the
 * same file `ct-anomaly scan --config` reads), validated here with the CLI's line-numbered errors and
 * rendered into the object the agents and the aggregator read at run time.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ConfigError } from '../../functions/pipeline/errors.js';
import { renderDeployedConfig } from '../../functions/pipeline/deployed-config.js';

/** The delivered config's text, and where it came from. */
export interface DetectionConfigText {
  /** JSON text of the deployed config object. */
  text: string;
  /** The file it was read from (relative to the working directory), or `built-in defaults`. */
  source: string;
}

/** Reads, validates and renders the detection config named by `path` (relative to the deployment config file). */
export function loadDetectionConfig(deployFile: string, path: string | undefined): DetectionConfigText {
  if (path === undefined) return { text: renderDeployedConfig('{}', 'built-in defaults'), source: 'built-in defaults' };
  const file = resolve(dirname(deployFile), path);
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    throw new ConfigError(`${deployFile}: detectionConfig: file not found: ${shown}`, {
      problems: [`detectionConfig: file not found: ${shown}`],
    });
  }
  return { text: renderDeployedConfig(readFileSync(file, 'utf8'), shown), source: shown };
}
