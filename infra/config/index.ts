export { deployConfigSchema, CallAs, LogLevel, LOG_RETENTION_DAYS, type DeployConfig } from './schema.js';
export { ConfigError, loadDeployConfig, parseDeployConfig } from './load.js';
export { type DetectionConfigText, loadDetectionConfig } from './detection.js';
