/**
 * Rule files a config brings beside the catalog (Sigma rules named by `rules.sigma`): their texts travel
 * with the config (read from folders by the CLI and at synth, shipped inside the deployed config object)
 * and are compiled here, the same way for the scan, the agent and `ct-anomaly rules`.
 * @module
 */
import { compileSigmaRules, type SigmaRule } from '../engine/rules/index.js';

/** One rule file: its path (as the config names it, for messages) and its text. */
export interface RuleFile {
  path: string;
  text: string;
}

/** The compiled rules and one `path:line: message` line per file the compiler refused. */
export interface CompiledRuleFiles {
  rules: SigmaRule[];
  problems: string[];
}

/** Compiles the rule files of a config. */
export function compileRuleFiles(files: readonly RuleFile[]): CompiledRuleFiles {
  if (files.length === 0) return { rules: [], problems: [] };
  const { rules, errors } = compileSigmaRules(files);
  return { rules, problems: errors.map((e) => `${e.path}${e.line === null ? '' : `:${e.line}`}: ${e.message}`) };
}
