/**
 * The detector Lambda handler, built from its configuration and clients so tests can wire stand-ins.
 * Logs and rethrows failures (the invocation is marked failed and alarms fire); a run that stopped
 * for its time budget or is still catching up is a success that resumes on the next schedule.
 * @module
 */
import type { RuleHooks, ScoreFirstSeen } from '../engine/detect/index.js';
import { AwsCallCounter, type Sleep } from '../adapters/aws/shared/index.js';
import { runAgent, type AgentReport } from './agent.js';
import { accountFromFunctionArn, ConfigError, type DetectorConfig } from './config.js';
import { parseDetectorEvent } from './event.js';
import { createLogger } from '../shared/log.js';
import { createAdapters, type AwsClients } from './wiring.js';

/** The parts of the Lambda context the handler reads. */
export interface LambdaContextLike {
  awsRequestId: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

/** How to build a handler. */
export interface HandlerOptions {
  config: DetectorConfig;
  clients: AwsClients;
  region?: string | null;
  rules?: RuleHooks;
  score?: ScoreFirstSeen;
  clock?: () => Date;
  sleep?: Sleep;
  write?: (line: string) => void;
  /** Stop starting windows with less than this left (default 90 s). */
  reserveMs?: number;
}

/** A handler: `(event, context) => report`. */
export function createHandler(
  options: HandlerOptions,
): (event: unknown, context: LambdaContextLike) => Promise<AgentReport> {
  const clock = options.clock ?? (() => new Date());
  return async (event, context) => {
    const accountId = options.config.accountId ?? accountFromFunctionArn(context.invokedFunctionArn);
    if (accountId === null)
      throw new ConfigError(
        'Environment variable CT_ACCOUNT_ID is required when the function ARN does not carry the account id',
      );
    const log = createLogger(
      options.config.logLevel,
      { service: 'ct-anomaly-detector', accountId, runId: context.awsRequestId },
      options.write,
      clock,
    );
    const parsed = parseDetectorEvent(event, clock().getTime(), options.config.detection.lagMinutes);
    if (!parsed.ok) {
      log.error('invalid invocation event', { reason: parsed.reason });
      throw new Error(`invalid invocation event: ${parsed.reason}`);
    }
    const counter = new AwsCallCounter();
    const reserveMs = options.reserveMs ?? 90_000;
    const adapters = createAdapters(options.config, options.clients, counter, {
      sleep: options.sleep,
      queryTimeoutMs: Math.max(30_000, context.getRemainingTimeInMillis() - reserveMs),
    });
    const request = parsed.request;
    return runAgent(
      {
        config: options.config,
        accountId,
        region: options.region ?? null,
        ...adapters,
        counter,
        log,
        clock,
        rules: options.rules,
        score: options.score,
        emit: options.write,
      },
      {
        // the request id stays the same when Lambda retries an async invocation: a retry re-claims its own claims
        runId: context.awsRequestId,
        remainingMs: () => context.getRemainingTimeInMillis(),
        reserveMs,
        backfill: request.kind === 'backfill' ? { from: request.from, to: request.to } : undefined,
      },
    );
  };
}
