/**
 * Monitor Lambda entry point (scheduled): configuration once per container, then one coverage run
 * per invocation. Exports `handler`.
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { DynamoAggregatorState, stateDocumentClient } from '../adapters/aws/aggregator-state/index.js';
import { publishCoverage } from '../adapters/aws/alert-bus/index.js';
import { listActiveAccounts } from '../adapters/aws/organizations/index.js';
import { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { createLogger } from '../shared/log.js';
import { buildSinks, homeFromArn } from '../aggregator/sinks.js';
import type { HomeAccount } from '../aggregator/formats.js';
import { readMonitorEnv } from './config.js';
import { createMonitorHandler, type MonitorResult } from './monitor.js';

const config = readMonitorEnv(process.env);
const log = createLogger(config.logLevel, { function: 'monitor' });
const counter = new AwsCallCounter();
const events = new EventBridgeClient({});
// A global service: the SDK's endpoint rules send every region of a partition to its one endpoint.
const organizations = new OrganizationsClient({});
let home: HomeAccount | null = null;
const run = createMonitorHandler({
  state: new DynamoAggregatorState({
    tableName: config.stateTable,
    client: stateDocumentClient(new DynamoDBClient({})),
    counter,
  }),
  listAccounts: () => listActiveAccounts(organizations, counter),
  publishSummary: (summary) => publishCoverage({ client: events, busArn: config.busArn, counter }, summary),
  sinks: buildSinks({ ...config, busArn: config.busArn }, { events }, () => home, counter),
  routing: config.routing,
  heartbeatMinutes: config.heartbeatMinutes,
  graceMinutes: config.graceMinutes,
  exempt: config.exempt,
  log,
  now: () => new Date().toISOString(),
});

/** The Lambda handler (scheduled). */
export const handler = async (_event?: unknown, context?: { invokedFunctionArn?: string }): Promise<MonitorResult> => {
  home ??= homeFromArn(context?.invokedFunctionArn);
  return run();
};
