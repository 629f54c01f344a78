/**
 * The detector's environment, read once at cold start (names in docs/architecture.md). Detection
 * settings are not here: they come from the deployment's config object (`CT_CONFIG_URI`) at each run.
 * @module
 */
import type { AgentResources } from '../adapters/aws/agent-adapters.js';
import { ConfigError } from '../pipeline/errors.js';
import { type Env, envReader } from '../pipeline/env.js';
import { type LogLevel, parseLogLevel } from '../pipeline/log.js';

/** Everything the agent needs from its environment. */
export interface DetectorEnv {
  /** Set explicitly or taken from the Lambda context's function ARN. */
  accountId: string | null;
  resources: AgentResources;
  /** `s3://bucket/key` of the deployment's config; null runs with the built-in defaults. */
  configUri: string | null;
  /** The central bus's region (from its ARN): the agent publishes there, wherever it runs. */
  busRegion: string;
  maxWindowsPerRun: number;
  logLevel: LogLevel;
  /** The agent bundle's version as the rollout deployed it (`CT_AGENT_VERSION`), reported in every heartbeat. */
  agentVersion: string | null;
}

const BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:event-bus\/.+$/;

/** Reads and validates the detector environment. */
export function readDetectorEnv(env: Env): DetectorEnv {
  const e = envReader(env);
  const busArn = e.matching(
    'CT_BUS_ARN',
    BUS_ARN,
    'an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME)',
    true,
  )!;
  const level = e.optional('CT_LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    throw new ConfigError(`Environment variable CT_LOG_LEVEL must be one of debug, info, warn, error, got "${level}"`);
  }
  const regions = e.list('CT_TRAIL_REGIONS');
  return {
    accountId: e.matching('CT_ACCOUNT_ID', /^\d{12}$/, 'a 12-digit account id', false),
    resources: {
      baselineTable: e.required('CT_BASELINE_TABLE', "the agent's baseline table"),
      athena: {
        database: e.required('CT_ATHENA_DATABASE', 'the Glue database of the CloudTrail table'),
        table: e.required('CT_ATHENA_TABLE', "the account's CloudTrail table"),
        workGroup: e.required('CT_ATHENA_WORKGROUP', "the agent's Athena workgroup"),
        regions: regions.length > 0 ? regions : null,
        location: e.matching(
          'CT_TRAIL_LOCATION',
          /^s3:\/\/[^/]+\/.*CloudTrail\/?$/,
          "the account's trail location (s3://bucket/.../CloudTrail/)",
          false,
        ),
      },
      busArn,
    },
    configUri: e.matching('CT_CONFIG_URI', /^s3:\/\/[^/]+\/.+$/, 'an S3 URI (s3://bucket/key)', false),
    busRegion: BUS_ARN.exec(busArn)![1]!,
    maxWindowsPerRun: e.integer('CT_MAX_WINDOWS_PER_RUN', 48, 1, 100_000),
    logLevel: parseLogLevel(level),
    agentVersion: e.matching('CT_AGENT_VERSION', /^[\w.-]{1,128}$/, 'a version label (letters, digits, . _ -)', false),
  };
}

/** The account id from a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`). */
export function accountFromFunctionArn(arn: string | undefined): string | null {
  const account = arn?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}
