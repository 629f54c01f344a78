/**
 * The aggregator's configuration from its environment (names in docs/architecture.md), read once
 * at module scope. A missing or invalid variable is a configuration error that names it.
 * @module
 */
import { parseAggregatorConfig, type AggregatorConfig } from '../engine/aggregate/index.js';
import { parseLogLevel, type LogLevel } from '../shared/log.js';

/** Everything the aggregator Lambda is configured with. */
export interface AggregatorEnv {
  stateTable: string;
  busArn: string;
  orgId: string | null;
  snsTopicArn: string | null;
  splunk: { url: string; tokenSecret: string } | null;
  slackWebhookSecret: string | null;
  securityHub: boolean;
  logLevel: LogLevel;
  engine: AggregatorConfig;
}

/** A configuration error: the function cannot start until the environment is fixed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** A required variable. */
export function required(env: Env, name: string, hint: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ConfigError(`Environment variable ${name} is required (${hint})`);
  return v;
}

/** An optional variable (empty means absent). */
export function optional(env: Env, name: string): string | null {
  const v = env[name]?.trim();
  return v ? v : null;
}

function integer(env: Env, name: string): number | undefined {
  const v = optional(env, name);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`Environment variable ${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Reads and validates the aggregator environment. */
export function readAggregatorEnv(env: Env): AggregatorEnv {
  const hecUrl = optional(env, 'CT_SPLUNK_HEC_URL');
  const hecSecret = optional(env, 'CT_SPLUNK_TOKEN_SECRET');
  if ((hecUrl === null) !== (hecSecret === null)) {
    throw new ConfigError(
      'Environment variables CT_SPLUNK_HEC_URL and CT_SPLUNK_TOKEN_SECRET go together: set both to send to Splunk, or neither',
    );
  }
  if (hecUrl !== null && !/^https?:\/\//.test(hecUrl))
    throw new ConfigError(
      `Environment variable CT_SPLUNK_HEC_URL must be an http(s) URL, got ${JSON.stringify(hecUrl)}`,
    );
  const hub = (optional(env, 'CT_SECURITY_HUB') ?? 'false').toLowerCase();
  if (hub !== 'true' && hub !== 'false')
    throw new ConfigError(`Environment variable CT_SECURITY_HUB must be true or false, got ${JSON.stringify(hub)}`);
  const minSeverity = optional(env, 'CT_MIN_SEVERITY') ?? 'low';
  let engine: AggregatorConfig;
  try {
    const retentionDays = integer(env, 'CT_RETENTION_DAYS');
    const baselineTtlDays = integer(env, 'CT_TTL_DAYS');
    const windowMinutes = integer(env, 'CT_CORRELATION_MINUTES');
    engine = parseAggregatorConfig({
      ...(retentionDays ? { retentionDays } : {}),
      ...(baselineTtlDays ? { baselineTtlDays } : {}),
      ...(windowMinutes ? { correlation: { windowMinutes } } : {}),
      routing: { minSeverity },
    });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Aggregator settings from the environment are invalid: ${(error as Error).message} (CT_MIN_SEVERITY is one of info, low, medium, high, critical)`,
    );
  }
  return {
    stateTable: required(env, 'CT_STATE_TABLE', 'the aggregator state table name'),
    busArn: required(env, 'CT_BUS_ARN', 'the central event bus ARN, where alerts are published'),
    orgId: optional(env, 'CT_ORG_ID'),
    snsTopicArn: optional(env, 'CT_SNS_TOPIC_ARN'),
    splunk: hecUrl !== null && hecSecret !== null ? { url: hecUrl, tokenSecret: hecSecret } : null,
    slackWebhookSecret: optional(env, 'CT_SLACK_WEBHOOK_SECRET'),
    securityHub: hub === 'true',
    logLevel: parseLogLevel(optional(env, 'CT_LOG_LEVEL') ?? undefined),
    engine,
  };
}
