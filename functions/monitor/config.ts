/** The monitor's environment, read once at cold start; errors name the variable. */
import { ConfigError } from '../pipeline/errors.js';
import { type Env, envReader } from '../pipeline/env.js';
import { type LogLevel, parseLogLevel } from '../pipeline/log.js';
import { readSinkSettings, type SinkSettings } from '../pipeline/sinks.js';

/** Everything the monitor Lambda is configured with (health alerts follow the config's routing). */
export interface MonitorEnv {
  stateTable: string;
  busArn: string;
  /** `s3://bucket/key` of the deployment's config; null runs with the built-in defaults. */
  configUri: string | null;
  heartbeatMinutes: number;
  graceMinutes: number | null;
  exempt: string[];
  sinks: SinkSettings;
  logLevel: LogLevel;
}

/** Reads and validates the monitor environment. */
export function readMonitorEnv(env: Env): MonitorEnv {
  const e = envReader(env);
  const exempt = e.list('CT_EXEMPT_ACCOUNTS');
  const bad = exempt.find((a) => !/^\d{12}$/.test(a));
  if (bad) {
    throw new ConfigError(
      `Environment variable CT_EXEMPT_ACCOUNTS must list 12-digit account ids, got ${JSON.stringify(bad)}`,
    );
  }
  const busArn = e.required('CT_BUS_ARN', 'the central event bus ARN, where the coverage summary is published');
  const grace = e.integer('CT_GRACE_MINUTES', 0, 0, 10_080);
  e.required('CT_HEARTBEAT_MINUTES', "the agents' schedule in minutes; an agent is silent after two of them");
  return {
    stateTable: e.required('CT_STATE_TABLE', 'the aggregator state table name, where heartbeats are stored'),
    busArn,
    configUri: e.matching('CT_CONFIG_URI', /^s3:\/\/[^/]+\/.+$/, 'an S3 URI (s3://bucket/key)', false),
    heartbeatMinutes: e.integer('CT_HEARTBEAT_MINUTES', 60, 1, 10_080),
    graceMinutes: grace === 0 ? null : grace,
    exempt,
    sinks: readSinkSettings(env, busArn),
    logLevel: parseLogLevel(e.optional('CT_LOG_LEVEL') ?? undefined),
  };
}
