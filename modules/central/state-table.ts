/**
 * The aggregator's state table (dedup, incidents, prevalence, heartbeats): on-demand, TTL, point-in-time
 * recovery, encrypted. Single-table design with `pk`/`sk` string keys and `ttl` in epoch seconds.
 * @module
 */
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../shared/names.js';

/** The state table resource. */
export function stateTable(scope: Construct, id: string, name: string): DynamodbTable {
  return new DynamodbTable(scope, id, {
    name,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: TABLE_KEYS.partitionKey,
    rangeKey: TABLE_KEYS.sortKey,
    attribute: [
      { name: TABLE_KEYS.partitionKey, type: 'S' },
      { name: TABLE_KEYS.sortKey, type: 'S' },
    ],
    ttl: { attributeName: TABLE_KEYS.ttlAttribute, enabled: true },
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true },
  });
}
