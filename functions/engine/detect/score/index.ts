export { scoreFirstSeen, type FirstSeenScoreContext } from './first-seen.js';
export { scoreRuleFinding } from './rule.js';
export { scoreAlert, type AlertScore } from './alert.js';
export {
  sensitivityOf,
  describeSensitivity,
  catalogEntry,
  verbOf,
  Verb,
  type Sensitivity,
  type CatalogEntry,
} from './sensitivity.js';
export { automationReason } from './automation.js';
export { severityForScore, bandOf, clampScore, maxSeverity, lowerSeverity } from './bands.js';
export { TRAILDISCOVER_ROWS, TACTICS, type TrailDiscoverRow } from './traildiscover-catalog.js';
export { ruleHooksFor, firstSeenScorerFor, type ScoredRuleHooks } from './hooks.js';
