/**
 * Aggregator Lambda entry point: the environment once per container, AWS clients and sinks, and for
 * every invocation the deployment's config (re-read; the aggregator is rebuilt when it changed) and the
 * pipeline's alert stage. Exports `handler`.
 * @module
 */
import { DynamoAggregatorState } from '../adapters/aws/aggregator-state/index.js';
import { sinkClients, stateClient } from '../adapters/aws/clients.js';
import { configObjectReader, s3Client } from '../adapters/aws/s3/index.js';
import { type HomeAccount, homeFromArn } from '../adapters/aws/securityhub/index.js';
import { AwsCallCounter } from '../adapters/aws/shared/index.js';
import type { Aggregator } from '../engine/aggregate/index.js';
import { createAlertPipeline } from '../pipeline/alerts.js';
import { configSource, type RunConfig } from '../pipeline/config-source.js';
import { createLogger } from '../pipeline/log.js';
import { buildSinks } from '../pipeline/sinks.js';
import { readAggregatorEnv } from './config.js';
import { createAggregatorHandler } from './handler.js';

const env = readAggregatorEnv(process.env);
const log = createLogger(env.logLevel, { function: 'aggregator' });
const counter = new AwsCallCounter();
const state = new DynamoAggregatorState({ tableName: env.stateTable, client: stateClient(), counter });
let home: HomeAccount | null = null;
const sinks = buildSinks(env.sinks, sinkClients(), () => home, counter);
const loadConfig = configSource(
  env.configUri ? configObjectReader({ client: s3Client(), uri: env.configUri, counter }) : null,
  env.configUri ?? 'built-in defaults',
);
log.info('configured', { sinks: sinks.map((s) => s.name), config: env.configUri });

let requestId = 'cold';
let built: { config: RunConfig; aggregator: Aggregator } | null = null;
async function aggregator(): Promise<Aggregator> {
  const config = await loadConfig();
  if (built?.config !== config) {
    for (const warning of config.warnings) log.warn('config', { warning, version: config.version });
    built = {
      config,
      aggregator: createAlertPipeline({
        config: config.config,
        state,
        sinks,
        now: () => new Date().toISOString(),
        owner: () => requestId,
      }),
    };
  }
  return built.aggregator;
}
const inner = createAggregatorHandler({ aggregator, log });

/** The Lambda handler (SQS batch with ReportBatchItemFailures, or a direct EventBridge invocation). */
export const handler = async (
  event: unknown,
  context?: { awsRequestId?: string; invokedFunctionArn?: string },
): Promise<unknown> => {
  requestId = context?.awsRequestId ?? `local-${Date.now()}`;
  home ??= homeFromArn(context?.invokedFunctionArn);
  return inner(event);
};
