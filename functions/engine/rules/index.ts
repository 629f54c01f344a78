/** The rule engine and catalog: what is dangerous on its face, one rule per file with its own cases. */
import { CATALOG } from './catalog/index.js';
import type { Rule } from './types.js';

/** The catalog, one rule per file under `rules/catalog/<service>/<name>.ts`. */
export const RULES: readonly Rule[] = CATALOG;

export {
  DEFAULT_RULE_THRESHOLDS,
  RuleOutcome,
  isWindowRule,
  type Rule,
  type RecordRule,
  type WindowRule,
  type RecordCase,
  type WindowCase,
  type WindowHit,
  type Observation,
  type Burst,
  type BurstPresentation,
  type BurstSettings,
  DEFAULT_BURST_SETTINGS,
  type RuleContext,
  type RuleThresholds,
  type RuleMitre,
} from './types.js';
export {
  candidateFilterOf,
  prepareRules,
  type PreparedWindow,
  evaluateRules,
  evaluateRulesDetailed,
  type RuleInput,
  type RuleEvaluation,
} from './evaluate.js';
export { judgeRecord, type RecordHit, type RuleError } from './judge.js';
export { DEFAULT_DETECTOR_VERSION, RULE_BASE_SCORE, buildRuleFinding } from './finding.js';
export { runCase, runRuleCases, type CaseResult } from './cases.js';
export { describePrincipal, shortAction, capitalize } from './describe.js';
export { EMPTY_RULE_CONTEXT } from './context.js';
export { OFFENSIVE_TOOLS } from './catalog/general/offensive-tool-user-agent.js';
export {
  compileSigmaRules,
  sigmaRuleId,
  type SigmaFile,
  type SigmaError,
  type SigmaRule,
  type SigmaCompileResult,
} from './sigma/index.js';
export {
  type WindowState,
  windowStateKey,
  spansOf,
  planThinning,
  type ThinPlan,
  thinPaths,
  thinnableRules,
} from './window/index.js';
