/** The monitor's configuration from its environment, read once at module scope; errors name the variable. */
import { parseAggregatorConfig, type AggregatorConfig } from '../engine/aggregate/index.js';
import { ConfigError, optional, required } from '../aggregator/config.js';
import { parseLogLevel, type LogLevel } from '../shared/log.js';

/** Everything the monitor Lambda is configured with. */
export interface MonitorEnv {
  stateTable: string;
  busArn: string;
  snsTopicArn: string | null;
  heartbeatMinutes: number;
  graceMinutes: number | null;
  exempt: string[];
  splunk: { url: string; tokenSecret: string } | null;
  slackWebhookSecret: string | null;
  securityHub: boolean;
  routing: AggregatorConfig['routing'];
  logLevel: LogLevel;
}

function minutes(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(
      `Environment variable ${name} must be a positive number of minutes, got ${JSON.stringify(value)}`,
    );
  return n;
}

/** Reads and validates the monitor environment. */
export function readMonitorEnv(env: Record<string, string | undefined>): MonitorEnv {
  const heartbeat = required(
    env,
    'CT_HEARTBEAT_MINUTES',
    "the agents' schedule in minutes; an agent is silent after two of them",
  );
  const grace = optional(env, 'CT_GRACE_MINUTES');
  const exempt = (optional(env, 'CT_EXEMPT_ACCOUNTS') ?? '').split(/[\s,]+/).filter(Boolean);
  const bad = exempt.find((a) => !/^\d{12}$/.test(a));
  if (bad)
    throw new ConfigError(
      `Environment variable CT_EXEMPT_ACCOUNTS must list 12-digit account ids, got ${JSON.stringify(bad)}`,
    );
  const hecUrl = optional(env, 'CT_SPLUNK_HEC_URL');
  const hecSecret = optional(env, 'CT_SPLUNK_TOKEN_SECRET');
  let routing: AggregatorConfig['routing'];
  try {
    routing = parseAggregatorConfig({ routing: { minSeverity: optional(env, 'CT_MIN_SEVERITY') ?? 'low' } }).routing;
  } catch (error) {
    throw new ConfigError(`Environment variable CT_MIN_SEVERITY is invalid: ${(error as Error).message}`);
  }
  return {
    stateTable: required(env, 'CT_STATE_TABLE', 'the aggregator state table name, where heartbeats are stored'),
    busArn: required(env, 'CT_BUS_ARN', 'the central event bus ARN, where the coverage summary is published'),
    snsTopicArn: optional(env, 'CT_SNS_TOPIC_ARN'),
    heartbeatMinutes: minutes('CT_HEARTBEAT_MINUTES', heartbeat),
    graceMinutes: grace === null ? null : minutes('CT_GRACE_MINUTES', grace),
    exempt,
    splunk: hecUrl && hecSecret ? { url: hecUrl, tokenSecret: hecSecret } : null,
    slackWebhookSecret: optional(env, 'CT_SLACK_WEBHOOK_SECRET'),
    securityHub: (optional(env, 'CT_SECURITY_HUB') ?? 'false').toLowerCase() === 'true',
    routing,
    logLevel: parseLogLevel(optional(env, 'CT_LOG_LEVEL') ?? undefined),
  };
}
