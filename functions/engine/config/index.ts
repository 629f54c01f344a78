export {
  detectionConfigSchema,
  DEFAULT_DETECTION_CONFIG,
  configFileSchema,
  netflixRoleActionSchema,
  DEFAULT_CONFIG,
  type DetectionConfig,
  type ConfigFile,
  type Config,
} from './schema.js';
export { suppressionSchema, type Suppression } from './suppression-schema.js';
export {
  scoringConfigSchema,
  DEFAULT_SCORING_CONFIG,
  DEFAULT_AUTOMATION_USER_AGENTS,
  DEFAULT_AUTOMATION_PRINCIPALS,
  noveltyConfigSchema,
  type NoveltyConfig,
  type ScoringConfig,
} from './scoring-schema.js';
export { rulesConfigSchema, type RulesConfig } from './rules-schema.js';
export {
  ActorKind,
  alertsConfigSchema,
  parseAggregatorConfig,
  DEFAULT_AGGREGATOR_CONFIG,
  type AggregatorConfig,
  type AggregatorConfigInput,
} from './alerts-schema.js';
export { parseConfig, type ConfigProblem, type ConfigResult } from './parse.js';
export { applyNetflixKeys, NETFLIX_IGNORED_REASON } from './netflix.js';
export { enabledRules, ruleContextOf } from './rule-settings.js';
export { globMatcher, matchesAnyGlob } from './glob.js';
