/** Sigma rules for CloudTrail, compiled from their texts into record rules (no file system here). */
export { compileSigmaRules, sigmaRuleId } from './compile.js';
export { CASES_SUFFIX } from './cases-file.js';
export { SUPPORTED_MODIFIERS } from './values.js';
export type { SigmaFile, SigmaError, SigmaRule, SigmaCompileResult } from './types.js';
