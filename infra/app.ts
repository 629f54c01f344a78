/**
 * Builds the CDKTF app from a validated config and the built bundles, with no environment access
 * (tests call it directly; `main.ts` is the one place that reads files and env).
 * @module
 */
import { App } from 'cdktf';
import type { DeployConfig, DetectionConfigText, LogArchivePolicies } from './config/index.js';
import { CtAnomalyStack, type Bundles } from './stack.js';

export interface BuildAppOptions {
  config: DeployConfig;
  /** The detection config, rendered as the object agents and the aggregator read (`loadDetectionConfig`). */
  detection: DetectionConfigText;
  bundles: Bundles;
  /** The log-archive policies the config names (`loadLogArchivePolicies`). */
  logArchivePolicies?: LogArchivePolicies;
  /** Where `app.synth()` writes; default cdktf's own (`cdktf.out`, or what the cdktf CLI asks for). */
  outdir?: string;
}

/** The app and its one stack, named after the prefix. */
export function buildApp(options: BuildAppOptions): { app: App; stack: CtAnomalyStack; stackName: string } {
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  const stackName = options.config.prefix;
  const stack = new CtAnomalyStack(app, stackName, {
    config: options.config,
    detection: options.detection,
    bundles: options.bundles,
    ...(options.logArchivePolicies ? { logArchivePolicies: options.logArchivePolicies } : {}),
  });
  return { app, stack, stackName };
}
