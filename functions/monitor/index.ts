/**
 * Monitor Lambda entry point (scheduled): the environment once per container, then one fleet-health
 * run per invocation through the same sinks as the aggregator. Exports `handler`.
 * @module
 */
import { DynamoAggregatorState } from '../adapters/aws/aggregator-state/index.js';
import { publishCoverage } from '../adapters/aws/alert-bus/index.js';
import { organizationsClient, sinkClients, stateClient } from '../adapters/aws/clients.js';
import { listActiveAccounts } from '../adapters/aws/organizations/index.js';
import { type HomeAccount, homeFromArn } from '../adapters/aws/securityhub/index.js';
import { AwsCallCounter } from '../adapters/aws/shared/index.js';
import { configObjectReader, s3Client } from '../adapters/aws/s3/index.js';
import { configSource } from '../pipeline/config-source.js';
import { createMonitorHandler, type MonitorResult } from '../pipeline/fleet-health.js';
import { createLogger } from '../pipeline/log.js';
import { buildSinks } from '../pipeline/sinks.js';
import { readMonitorEnv } from './config.js';

const env = readMonitorEnv(process.env);
const log = createLogger(env.logLevel, { function: 'monitor' });
const counter = new AwsCallCounter();
const clients = sinkClients();
const organizations = organizationsClient();
let home: HomeAccount | null = null;
const loadConfig = configSource(
  env.configUri ? configObjectReader({ client: s3Client(), uri: env.configUri, counter }) : null,
  env.configUri ?? 'built-in defaults',
);
const sinks = buildSinks(env.sinks, clients, () => home, counter);
const runWith = (routing: Parameters<typeof createMonitorHandler>[0]['routing']) =>
  createMonitorHandler({
    state: new DynamoAggregatorState({ tableName: env.stateTable, client: stateClient(), counter }),
    listAccounts: () => listActiveAccounts(organizations, counter),
    publishSummary: (summary) => publishCoverage({ client: clients.events, busArn: env.busArn, counter }, summary),
    sinks,
    routing,
    heartbeatMinutes: env.heartbeatMinutes,
    graceMinutes: env.graceMinutes,
    exempt: env.exempt,
    agentRegions: env.agentRegions,
    health: env.health,
    summaryHourUtc: env.summaryHourUtc,
    homeAccountId: () => home?.accountId ?? null,
    log,
    now: () => new Date().toISOString(),
  });

/** The Lambda handler (scheduled). */
export const handler = async (_event?: unknown, context?: { invokedFunctionArn?: string }): Promise<MonitorResult> => {
  home ??= homeFromArn(context?.invokedFunctionArn);
  const { config } = await loadConfig();
  return runWith(config.alerts.routing)();
};
