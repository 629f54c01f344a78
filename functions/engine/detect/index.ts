export {
  detectFirstSeen,
  prepareRows,
  settleImpliedPairs,
  type FirstSeenOptions,
  type FirstSeenResult,
  type NewPair,
} from './first-seen.js';
export { firstSeenFinding } from './finding-of.js';
export { dimensionFinding } from './dimension-finding.js';
export {
  FEDERATION_TYPES,
  PRINCIPAL_DIMENSION,
  newPrincipalFinding,
  reportsNewPrincipal,
  withCreationEvent,
  creationEventOf,
  type NewPrincipalPolicy,
} from './new-principal.js';
export {
  prevalenceKeyOf,
  runAccount,
  type RunAccountOptions,
  type RunRange,
  type RunResult,
  type WindowResult,
  type RuleHooks,
  type ScoreFirstSeen,
} from './run.js';
export { DetectError, PublishError } from './errors.js';
export { DETECTOR_VERSION } from './version.js';
export { emptySummary, type RunSummary, type InputProblem } from './summary.js';
