/** Window rules: bursts judged on a sliding span, with per-actor state kept across windows and runs. */
export {
  evaluateWindowRules,
  observeWindow,
  spansOf,
  type WindowObservations,
  type WindowRuleInput,
  type WindowRuleOutput,
  windowStateKeys,
} from './evaluate.js';
export { burstStarts, spanOf } from './slide.js';
export {
  MAX_OBSERVATIONS,
  mergeObservations,
  pruneState,
  type StoredObservation,
  type WindowState,
  windowStateKey,
} from './state.js';
export { planThinning, type ThinPlan, thinPaths, thinnableRules } from './thin.js';
