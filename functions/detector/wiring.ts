/** Builds the three AWS adapters of one agent from its configuration and SDK clients. */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AthenaActivitySource } from '../adapters/aws/athena/index.js';
import { DynamoBaselineStore } from '../adapters/aws/dynamodb/index.js';
import { EventBridgeFindingBus } from '../adapters/aws/eventbridge/index.js';
import type { AwsCallCounter, Sleep } from '../adapters/aws/shared/index.js';
import type { DetectorConfig } from './config.js';

/** SDK clients (or anything with `send`, in tests). */
export interface AwsClients {
  athena: Pick<AthenaClient, 'send'>;
  dynamodb: Pick<DynamoDBDocumentClient, 'send'>;
  eventbridge: Pick<EventBridgeClient, 'send'>;
}

/** The wired adapters. */
export interface AgentAdapters {
  source: AthenaActivitySource;
  baseline: DynamoBaselineStore;
  bus: EventBridgeFindingBus;
}

/** One set of adapters per run (they carry per-run statistics). */
export function createAdapters(
  config: DetectorConfig,
  clients: AwsClients,
  counter: AwsCallCounter,
  options: { sleep?: Sleep; queryTimeoutMs?: number } = {},
): AgentAdapters {
  return {
    source: new AthenaActivitySource({
      client: clients.athena,
      database: config.athena.database,
      table: config.athena.table,
      workGroup: config.athena.workGroup,
      partitions: config.athena.regions ? { regions: config.athena.regions } : undefined,
      deliverySlackMs: Math.max(60, config.detection.lagMinutes) * 60_000,
      futureToleranceMs: config.detection.futureToleranceMinutes * 60_000,
      timeoutMs: options.queryTimeoutMs,
      counter,
      sleep: options.sleep,
    }),
    baseline: new DynamoBaselineStore({
      tableName: config.baselineTable,
      client: clients.dynamodb,
      counter,
      sleep: options.sleep,
    }),
    bus: new EventBridgeFindingBus({
      busArn: config.busArn,
      client: clients.eventbridge,
      counter,
      sleep: options.sleep,
    }),
  };
}
