/** The monitor's environment, read once at cold start; errors name the variable. */
import type { AgentHealthOptions } from '../engine/aggregate/index.js';
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
  /** Regions every account runs an agent in (`CT_AGENT_REGIONS`); empty: any region covers an account. */
  agentRegions: string[];
  /** `CT_FAILED_RUNS_ALERT`, `CT_STALE_WATERMARK_MINUTES`, `CT_AGENT_VERSION`, `CT_ROLLOUT_GRACE_MINUTES`. */
  health: AgentHealthOptions;
  /** `CT_SUMMARY_HOUR_UTC` (default 8); `off`: no daily fleet summary. */
  summaryHourUtc: number | null;
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
  const agentRegions = e.list('CT_AGENT_REGIONS');
  const badRegion = agentRegions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (badRegion) {
    throw new ConfigError(
      `Environment variable CT_AGENT_REGIONS must list AWS regions, got ${JSON.stringify(badRegion)}`,
    );
  }
  const stale = e.integer('CT_STALE_WATERMARK_MINUTES', 0, 0, 100_000);
  const summaryHour = e.optional('CT_SUMMARY_HOUR_UTC');
  const grace = e.integer('CT_GRACE_MINUTES', 0, 0, 10_080);
  e.required('CT_HEARTBEAT_MINUTES', "the agents' schedule in minutes; an agent is silent after two of them");
  return {
    stateTable: e.required('CT_STATE_TABLE', 'the aggregator state table name, where heartbeats are stored'),
    busArn,
    configUri: e.matching('CT_CONFIG_URI', /^s3:\/\/[^/]+\/.+$/, 'an S3 URI (s3://bucket/key)', false),
    heartbeatMinutes: e.integer('CT_HEARTBEAT_MINUTES', 60, 1, 10_080),
    graceMinutes: grace === 0 ? null : grace,
    exempt,
    agentRegions,
    health: {
      failedRunsInARow: e.integer('CT_FAILED_RUNS_ALERT', 3, 1, 1000),
      ...(stale > 0 ? { staleWatermarkMinutes: stale } : {}),
      expectedVersion: e.matching('CT_AGENT_VERSION', /^[\w.-]{1,128}$/, 'a version label', false),
      rolloutGraceMinutes: e.integer('CT_ROLLOUT_GRACE_MINUTES', 1440, 0, 100_000),
    },
    summaryHourUtc: summaryHour === 'off' ? null : e.integer('CT_SUMMARY_HOUR_UTC', 8, 0, 23),
    sinks: readSinkSettings(env, busArn),
    logLevel: parseLogLevel(e.optional('CT_LOG_LEVEL') ?? undefined),
  };
}
