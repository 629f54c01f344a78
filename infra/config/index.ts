export { deployConfigSchema, CallAs, LogLevel, Severity, LOG_RETENTION_DAYS, type DeployConfig } from './schema.js';
export { ConfigError, loadDeployConfig, parseDeployConfig } from './load.js';
