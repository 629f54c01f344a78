/**
 * The CDKTF app entry (`npm run synth`, or `cdktf synth|deploy` through cdktf.json): reads
 * `ct-anomaly.config.yaml` (or the file in CT_ANOMALY_CONFIG; the example when neither exists,
 * saying so) and the detection config it names (validated as `scan --config` validates it), checks the
 * bundles from `npm run build`, and writes Terraform JSON to cdktf.out/.
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadDeployConfig, loadDetectionConfig, loadLogArchivePolicies } from './config/index.js';
import { bundlesIn } from './stack.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function configPath(): string {
  const explicit = process.env.CT_ANOMALY_CONFIG;
  if (explicit) return resolve(explicit);
  const own = join(root, 'ct-anomaly.config.yaml');
  if (existsSync(own)) return own;
  const example = join(root, 'ct-anomaly.config.example.yaml');
  console.error(
    `ct-anomaly: no ct-anomaly.config.yaml: synthesizing from ${relative(process.cwd(), example)} (copy it and edit before deploying)`,
  );
  return example;
}

try {
  const started = performance.now();
  const file = configPath();
  const config = loadDeployConfig(file);
  const detection = await loadDetectionConfig(file, config.detectionConfig);
  const logArchivePolicies = loadLogArchivePolicies(file, config);
  const { app, stackName } = buildApp({
    config,
    detection,
    logArchivePolicies,
    bundles: bundlesIn(join(root, 'dist')),
  });
  app.synth();
  console.error(
    `ct-anomaly: synthesized stack "${stackName}" from ${relative(process.cwd(), file)} (detection config: ${detection.source}) in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`ct-anomaly: synth failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
