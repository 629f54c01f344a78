/**
 * The detector's preflight invocation (`{ "preflight": {} }`, sent by `ct-anomaly doctor`): the checks of
 * `pipeline/preflight.ts` with the agent's own role, environment and clients. Changes nothing.
 * @module
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsClients } from '../adapters/aws/agent-adapters.js';
import type { Sleep } from '../adapters/aws/shared/index.js';
import { ConfigError } from '../pipeline/errors.js';
import { type PreflightReport, runPreflight } from '../pipeline/preflight.js';
import { accountFromFunctionArn, type DetectorEnv } from './config.js';
import type { LambdaContextLike } from './handler.js';

/** Whether an invocation asks for the preflight. */
export function isPreflightEvent(event: unknown): boolean {
  return event !== null && typeof event === 'object' && 'preflight' in event;
}

export interface PreflightHandlerOptions {
  env: DetectorEnv;
  clients: AwsClients & { s3: Pick<S3Client, 'send'> };
  /** The function's own region (AWS_REGION). */
  region: string | null;
  clock?: () => Date;
  sleep?: Sleep;
}

/** A handler answering the preflight with its report. */
export function createPreflightHandler(
  o: PreflightHandlerOptions,
): (event: unknown, context: LambdaContextLike) => Promise<PreflightReport> {
  return async (_event, context) => {
    const accountId = o.env.accountId ?? accountFromFunctionArn(context.invokedFunctionArn);
    if (accountId === null) throw new ConfigError('Environment variable CT_ACCOUNT_ID is required');
    const { resources } = o.env;
    return runPreflight({
      accountId,
      region: o.region,
      agentVersion: o.env.agentVersion,
      trailUri: o.env.resources.athena.location ?? null,
      configUri: o.env.configUri,
      busArn: resources.busArn,
      athena: {
        workGroup: resources.athena.workGroup,
        database: resources.athena.database,
        table: resources.athena.table,
      },
      trailRegion: resources.athena.regions?.[0] ?? o.region ?? 'us-east-1',
      clients: { s3: o.clients.s3, athena: o.clients.athena, eventbridge: o.clients.eventbridge },
      now: o.clock ?? (() => new Date()),
      timeoutMs: Math.max(10_000, context.getRemainingTimeInMillis() - 15_000),
      ...(o.sleep ? { sleep: o.sleep } : {}),
    });
  };
}
