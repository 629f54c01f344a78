/**
 * The synthetic organization generator: realistic multi-account CloudTrail in the S3 layout with
 * injected anomalies and a ground truth, deterministic for a seed.
 * @module
 */
export { generateOrganization, type ProgressHook } from './generate.js';
export { countRoutineEvents, buildModel, type OrgModel } from './org-model.js';
export {
  resolveOptions,
  defaultOrgId,
  DEFAULT_START,
  DEFAULT_LEARNING_DAYS,
  GZIP_LEVEL,
  type GenerateOptions,
  type GenerateInput,
  type OptionsResult,
} from './options.js';
export { sizeForEvents, type FixedSizes } from './sizing.js';
export { TruthType, truthLines, type TruthEntry } from './ground-truth.js';
export { RULE_IDS, type RuleId } from './rule-ids.js';
export type { GenerateSummary } from './summary.js';
export { deliveryPath } from './delivery.js';
