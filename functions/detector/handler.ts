/**
 * The detector Lambda handler, built from its environment and clients so tests can wire stand-ins:
 * parse the invocation, read the deployment's config, build the adapters, run the pipeline's agent run.
 * Logs and rethrows failures (the invocation is marked failed and alarms fire); a run that stopped for
 * its time budget or is still catching up is a success that resumes on the next schedule.
 * @module
 */
import { type AwsClients, createAgentAdapters } from '../adapters/aws/agent-adapters.js';
import { AwsCallCounter, type Sleep } from '../adapters/aws/shared/index.js';
import type { RuleHooks, ScoreFirstSeen } from '../engine/detect/index.js';
import { reportFailedStart, stampHeartbeats } from '../pipeline/agent-report.js';
import { type AgentReport, runAgent } from '../pipeline/agent-run.js';
import type { RunConfig } from '../pipeline/config-source.js';
import { ConfigError } from '../pipeline/errors.js';
import { createLogger } from '../pipeline/log.js';
import { accountFromFunctionArn, type DetectorEnv } from './config.js';
import { parseDetectorEvent } from './event.js';

/** The parts of the Lambda context the handler reads. */
export interface LambdaContextLike {
  awsRequestId: string;
  invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

/** How to build a handler. */
export interface HandlerOptions {
  env: DetectorEnv;
  clients: AwsClients;
  /** The deployment's config for this run (re-read at every invocation). */
  loadConfig: () => Promise<RunConfig>;
  region?: string | null;
  /** Detectors other than the config's own (tests). */
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
  const { env } = options;
  return async (event, context) => {
    const accountId = env.accountId ?? accountFromFunctionArn(context.invokedFunctionArn);
    if (accountId === null) {
      throw new ConfigError(
        'Environment variable CT_ACCOUNT_ID is required when the function ARN does not carry the account id',
      );
    }
    const log = createLogger(
      env.logLevel,
      { service: 'ct-anomaly-detector', accountId, runId: context.awsRequestId },
      options.write,
      clock,
    );
    const counter = new AwsCallCounter();
    let loaded: RunConfig;
    try {
      loaded = await options.loadConfig();
    } catch (error) {
      // An unreadable config is a failed run the monitor must see (with its reason), not a silent agent.
      log.error('config unreadable; the run did not start', { error });
      const { bus } = createAgentAdapters(env.resources, options.clients, counter, { accountId, futureToleranceMs: 0 });
      await reportFailedStart(
        {
          bus: stampHeartbeats(bus, { agentVersion: env.agentVersion }),
          accountId,
          region: options.region ?? null,
          clock,
          log,
          emit: options.write,
        },
        context.awsRequestId,
        error,
      );
      throw error;
    }
    const { config, warnings, version, extraRules } = loaded;
    for (const warning of warnings) log.warn('config', { warning, version });
    const parsed = parseDetectorEvent(event, clock().getTime(), config.lagMinutes);
    if (!parsed.ok) {
      log.error('invalid invocation event', { reason: parsed.reason });
      throw new Error(`invalid invocation event: ${parsed.reason}`);
    }
    const reserveMs = options.reserveMs ?? 90_000;
    const adapters = createAgentAdapters(env.resources, options.clients, counter, {
      accountId,
      futureToleranceMs: config.futureToleranceMinutes * 60_000,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      queryTimeoutMs: Math.max(30_000, context.getRemainingTimeInMillis() - reserveMs),
    });
    const request = parsed.request;
    return runAgent(
      {
        config: { detection: config, maxWindowsPerRun: env.maxWindowsPerRun, extraRules },
        accountId,
        region: options.region ?? null,
        ...adapters,
        bus: stampHeartbeats(adapters.bus, { agentVersion: env.agentVersion }),
        counter,
        log,
        clock,
        ...(options.rules ? { rules: options.rules } : {}),
        ...(options.score ? { score: options.score } : {}),
        emit: options.write,
      },
      {
        // The request id stays the same when Lambda retries an async invocation: a retry re-claims its own claims.
        runId: context.awsRequestId,
        remainingMs: () => context.getRemainingTimeInMillis(),
        reserveMs,
        backfill: request.kind === 'backfill' ? { from: request.from, to: request.to } : undefined,
      },
    );
  };
}
