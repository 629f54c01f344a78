/**
 * Aggregator Lambda entry point: configuration from the environment once per container, AWS
 * clients and sinks, then {@link createAggregatorHandler}. Exports `handler`.
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAggregatorState, stateDocumentClient } from '../adapters/aws/aggregator-state/index.js';
import { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { createAggregator } from '../engine/aggregate/index.js';
import { DEFAULT_SCORING_CONFIG } from '../engine/config/index.js';
import { scoreAlert } from '../engine/detect/score/index.js';
import { readAggregatorEnv } from './config.js';
import { createAggregatorHandler } from './handler.js';
import { createLogger } from '../shared/log.js';
import { buildSinks, homeFromArn } from './sinks.js';
import type { HomeAccount } from './formats.js';

const config = readAggregatorEnv(process.env);
const log = createLogger(config.logLevel, { function: 'aggregator' });
const counter = new AwsCallCounter();
const state = new DynamoAggregatorState({
  tableName: config.stateTable,
  client: stateDocumentClient(new DynamoDBClient({})),
  counter,
});
let home: HomeAccount | null = null;
const sinks = buildSinks(config, {}, () => home, counter);
log.info('configured', {
  sinks: sinks.map((s) => s.name),
  minSeverity: config.engine.routing.minSeverity,
  retentionDays: config.engine.retentionDays,
});

let requestId = 'cold';
const aggregator = createAggregator({
  state,
  config: config.engine,
  sinks,
  // The agents already scored each finding; this ranks the group (breadth, rule next to new behaviour).
  scorer: (findings) => scoreAlert(findings, { config: DEFAULT_SCORING_CONFIG }),
  now: () => new Date().toISOString(),
  owner: () => requestId,
});
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
