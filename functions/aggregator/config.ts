/**
 * The aggregator's environment, read once at cold start (names in docs/architecture.md). What it does
 * with findings (suppressions, scoring, correlation, routing) comes from the deployment's config object.
 * @module
 */
import { type Env, envReader } from '../pipeline/env.js';
import { type LogLevel, parseLogLevel } from '../pipeline/log.js';
import { readSinkSettings, type SinkSettings } from '../pipeline/sinks.js';

/** Everything the aggregator Lambda is configured with. */
export interface AggregatorEnv {
  stateTable: string;
  /** `s3://bucket/key` of the deployment's config; null runs with the built-in defaults. */
  configUri: string | null;
  sinks: SinkSettings;
  logLevel: LogLevel;
}

/** Reads and validates the aggregator environment. */
export function readAggregatorEnv(env: Env): AggregatorEnv {
  const e = envReader(env);
  return {
    stateTable: e.required('CT_STATE_TABLE', 'the aggregator state table name'),
    configUri: e.matching('CT_CONFIG_URI', /^s3:\/\/[^/]+\/.+$/, 'an S3 URI (s3://bucket/key)', false),
    sinks: readSinkSettings(env, e.required('CT_BUS_ARN', 'the central event bus ARN, where alerts are published')),
    logLevel: parseLogLevel(e.optional('CT_LOG_LEVEL') ?? undefined),
  };
}
