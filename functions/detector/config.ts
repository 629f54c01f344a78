/**
 * The detector's configuration, read once from the environment (names in docs/architecture.md).
 * Missing or malformed values are configuration errors with a message naming the variable.
 * @module
 */
import { detectionConfigSchema, type DetectionConfig } from '../engine/config/index.js';
import { LogLevel } from '../shared/log.js';

/** Everything the agent needs to run in one member account. */
export interface DetectorConfig {
  /** Set explicitly or taken from the Lambda context's function ARN. */
  accountId: string | null;
  baselineTable: string;
  athena: { database: string; table: string; workGroup: string; regions: string[] | null };
  busArn: string;
  orgId: string | null;
  detection: DetectionConfig;
  maxWindowsPerRun: number;
  logLevel: LogLevel;
}

export { LogLevel };

/** A configuration error: the message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`Environment variable ${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Reads and validates the detector configuration from an environment. */
export function readDetectorConfig(env: Env): DetectorConfig {
  const accountId = env.CT_ACCOUNT_ID?.trim() || null;
  if (accountId !== null && !/^\d{12}$/.test(accountId))
    throw new ConfigError(`Environment variable CT_ACCOUNT_ID must be a 12-digit account id, got "${accountId}"`);
  const busArn = required(env, 'CT_BUS_ARN');
  if (!/^arn:aws[a-z-]*:events:[^:]+:\d{12}:event-bus\/.+$/.test(busArn)) {
    throw new ConfigError(
      `Environment variable CT_BUS_ARN must be an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME), got "${busArn}"`,
    );
  }
  const logLevel = (env.CT_LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!Object.values(LogLevel).includes(logLevel))
    throw new ConfigError(
      `Environment variable CT_LOG_LEVEL must be one of debug, info, warn, error, got "${env.CT_LOG_LEVEL}"`,
    );
  const regions =
    env.CT_TRAIL_REGIONS?.split(',')
      .map((r) => r.trim())
      .filter(Boolean) ?? [];

  const detection = detectionConfigSchema.safeParse({
    learningDays: integer(env, 'CT_LEARNING_DAYS', 14, 0, 3650),
    ttlDays: integer(env, 'CT_TTL_DAYS', 90, 1, 3650),
    windowMinutes: integer(env, 'CT_WINDOW_MINUTES', 60, 1, 1440),
    lagMinutes: integer(env, 'CT_LAG_MINUTES', 15, 0, 1440),
  });
  if (!detection.success)
    throw new ConfigError(
      `Invalid detection settings: ${detection.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );

  return {
    accountId,
    baselineTable: required(env, 'CT_BASELINE_TABLE'),
    athena: {
      database: required(env, 'CT_ATHENA_DATABASE'),
      table: required(env, 'CT_ATHENA_TABLE'),
      workGroup: required(env, 'CT_ATHENA_WORKGROUP'),
      regions: regions.length > 0 ? regions : null,
    },
    busArn,
    orgId: env.CT_ORG_ID?.trim() || null,
    detection: detection.data,
    maxWindowsPerRun: integer(env, 'CT_MAX_WINDOWS_PER_RUN', 48, 1, 100_000),
    logLevel,
  };
}

/** The account id from a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`). */
export function accountFromFunctionArn(arn: string | undefined): string | null {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}
