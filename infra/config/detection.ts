/**
 * The detection config of a deployment: the file the deployment config names (`detectionConfig`, the
 * same file `ct-anomaly scan --config` reads), validated here with the CLI's line-numbered errors, its
 * Sigma rule files read and compiled, and rendered into the object the agents and the aggregator read.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { loadSigmaFolders } from '../../functions/adapters/local/sigma-files.js';
import { parseConfigText } from '../../functions/pipeline/config.js';
import { renderDeployedConfig } from '../../functions/pipeline/deployed-config.js';
import { ConfigError } from '../../functions/pipeline/errors.js';
import { compileRuleFiles } from '../../functions/pipeline/rule-files.js';

/** The delivered config's text, and where it came from. */
export interface DetectionConfigText {
  /** JSON text of the deployed config object. */
  text: string;
  /** The file it was read from (relative to the working directory), or `built-in defaults`. */
  source: string;
}

/** Reads, validates and renders the detection config named by `path` (relative to the deployment config file). */
export async function loadDetectionConfig(deployFile: string, path: string | undefined): Promise<DetectionConfigText> {
  if (path === undefined) return { text: renderDeployedConfig('{}', 'built-in defaults'), source: 'built-in defaults' };
  const file = resolve(dirname(deployFile), path);
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    throw new ConfigError(`${deployFile}: detectionConfig: file not found: ${shown}`, {
      problems: [`detectionConfig: file not found: ${shown}`],
    });
  }
  const text = readFileSync(file, 'utf8');
  const { config } = parseConfigText(text, shown);
  const folders = await loadSigmaFolders(config.rules.sigma, { baseDir: dirname(file) });
  const ruleFiles = folders.files.map((f) => ({ path: relative(dirname(file), f.path), text: f.text }));
  const problems = [
    ...folders.problems.map((p) => `${p.path}: cannot read (${p.reason})`),
    ...compileRuleFiles(ruleFiles).problems,
  ];
  if (problems.length > 0) {
    throw new ConfigError(
      `${shown}: rules.sigma: ${problems.length} rule file(s) refused\n  ${problems.join('\n  ')}`,
      {
        problems,
      },
    );
  }
  return { text: renderDeployedConfig(text, shown, ruleFiles), source: shown };
}
