export { scoreFirstSeen, type FirstSeenScoreContext } from './first-seen.js';
export { scoreRuleFinding } from './rule.js';
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
export { TRAILDISCOVER_ROWS, TACTICS, type TrailDiscoverRow } from './traildiscover-catalog.js';
export { ruleHooksFor, firstSeenScorerFor } from './hooks.js';
