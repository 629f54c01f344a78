export {
  agentRegionsOf,
  deployConfigSchema,
  CallAs,
  LogLevel,
  LOG_RETENTION_DAYS,
  type DeployConfig,
} from './schema.js';
export { ConfigError, loadDeployConfig, parseDeployConfig } from './load.js';
export { type DetectionConfigText, loadDetectionConfig } from './detection.js';
export { type LogArchivePolicies, loadLogArchivePolicies } from './log-archive.js';
export type {
  CanaryConfig,
  GuardRailsConfig,
  LogArchiveConfig,
  MonitorConfig,
  PinConfig,
} from './fleet-schema.js';
