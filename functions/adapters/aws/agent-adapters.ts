/** Builds the three AWS adapters of one agent run (source, baseline, bus) from its settings and SDK clients. */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AthenaActivitySource } from './athena/index.js';
import { DynamoBaselineStore } from './dynamodb/index.js';
import { EventBridgeFindingBus } from './eventbridge/index.js';
import type { AwsCallCounter, Sleep } from './shared/index.js';

/** SDK clients (or anything with `send`, in tests). */
export interface AwsClients {
  athena: Pick<AthenaClient, 'send'>;
  dynamodb: Pick<DynamoDBDocumentClient, 'send'>;
  eventbridge: Pick<EventBridgeClient, 'send'>;
}

/** Where an agent's data lives (from its environment). */
export interface AgentResources {
  baselineTable: string;
  athena: {
    database: string;
    table: string;
    workGroup: string;
    /** Regions to read (the table's projection lists them); with `location`, the query names only the range's files. */
    regions: string[] | null;
    /** `s3://bucket/[prefix/]AWSLogs/[o-x/]<account>/CloudTrail/`. */
    location?: string | null;
  };
  busArn: string;
}

/** The wired adapters. */
export interface AgentAdapters {
  source: AthenaActivitySource;
  baseline: DynamoBaselineStore;
  bus: EventBridgeFindingBus;
}

/** Options of {@link createAgentAdapters}. */
export interface AgentAdapterOptions {
  /** The account the agent runs for (its trail files carry it in their names). */
  accountId: string;
  /** Events stamped later than this past their delivery count as future-stamped. */
  futureToleranceMs: number;
  sleep?: Sleep;
  queryTimeoutMs?: number;
}

/** One set of adapters per run (they carry per-run statistics). */
export function createAgentAdapters(
  resources: AgentResources,
  clients: AwsClients,
  counter: AwsCallCounter,
  o: AgentAdapterOptions,
): AgentAdapters {
  return {
    source: new AthenaActivitySource({
      client: clients.athena,
      database: resources.athena.database,
      table: resources.athena.table,
      workGroup: resources.athena.workGroup,
      partitions: resources.athena.regions ? { regions: resources.athena.regions } : undefined,
      files:
        resources.athena.location && resources.athena.regions
          ? { location: resources.athena.location, accountId: o.accountId, regions: resources.athena.regions }
          : undefined,
      futureToleranceMs: o.futureToleranceMs,
      timeoutMs: o.queryTimeoutMs,
      counter,
      sleep: o.sleep,
    }),
    baseline: new DynamoBaselineStore({
      tableName: resources.baselineTable,
      client: clients.dynamodb,
      counter,
      sleep: o.sleep,
    }),
    bus: new EventBridgeFindingBus({ busArn: resources.busArn, client: clients.eventbridge, counter, sleep: o.sleep }),
  };
}
