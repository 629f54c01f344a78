/**
 * Every resource name, derived from one prefix, in one place: the central stack, the member template
 * and the log-archive bucket policy statement must agree on them.
 * @module
 */

/** Names of the member-account resources (the same in every account). */
export interface MemberNames {
  detectorFunction: string;
  /** IAM role name without the region suffix the template appends. */
  agentRolePrefix: string;
  baselineTable: string;
  detectorDlq: string;
  detectorLogGroup: string;
  workGroup: string;
  glueDatabase: string;
  glueTable: string;
  scheduleRule: string;
  stackName: string;
  /** Role forwarding the stack's changes to the central bus (region suffix appended). */
  forwarderRolePrefix: string;
  stackEventsRule: string;
  stackCallsRule: string;
}

/** Names of the central resources. */
export interface CentralNames {
  bus: string;
  stateTable: string;
  aggregatorFunction: string;
  monitorFunction: string;
  agentEventsQueue: string;
  agentEventsDlq: string;
  busDeliveryDlq: string;
  monitorDlq: string;
  alertsTopic: string;
  operationsTopic: string;
  findingsRule: string;
  heartbeatsRule: string;
  monitorScheduleRule: string;
  stackSet: string;
  kmsAlias: string;
  artifactBucket: (accountId: string, region: string) => string;
  /** The SCP protecting the agents (guard rail). */
  agentProtectionPolicy: string;
  /** Control Tower path: the trail replica in the log-archive account, its replication role and key alias. */
  trailReplica: (accountId: string, region: string) => string;
  replicationRole: string;
  trailReplicaKeyAlias: string;
}

/** Member-account names for a prefix. */
export function memberNames(prefix: string): MemberNames {
  return {
    detectorFunction: `${prefix}-detector`,
    agentRolePrefix: `${prefix}-agent`,
    baselineTable: `${prefix}-baseline`,
    detectorDlq: `${prefix}-detector-dlq`,
    detectorLogGroup: `/aws/lambda/${prefix}-detector`,
    workGroup: prefix,
    glueDatabase: prefix.replace(/-/g, '_'),
    glueTable: 'cloudtrail',
    scheduleRule: `${prefix}-detector-schedule`,
    stackName: `${prefix}-agent`,
    forwarderRolePrefix: `${prefix}-stack-watch`,
    stackEventsRule: `${prefix}-stack-events`,
    stackCallsRule: `${prefix}-stack-calls`,
  };
}

/** Central-account names for a prefix. */
export function centralNames(prefix: string): CentralNames {
  return {
    bus: prefix,
    stateTable: `${prefix}-state`,
    aggregatorFunction: `${prefix}-aggregator`,
    monitorFunction: `${prefix}-monitor`,
    agentEventsQueue: `${prefix}-agent-events`,
    agentEventsDlq: `${prefix}-agent-events-dlq`,
    busDeliveryDlq: `${prefix}-bus-delivery-dlq`,
    monitorDlq: `${prefix}-monitor-dlq`,
    alertsTopic: `${prefix}-alerts`,
    operationsTopic: `${prefix}-operations`,
    findingsRule: `${prefix}-agent-findings`,
    heartbeatsRule: `${prefix}-agent-heartbeats`,
    monitorScheduleRule: `${prefix}-monitor-schedule`,
    stackSet: `${prefix}-agent`,
    kmsAlias: `alias/${prefix}`,
    artifactBucket: (accountId, region) => `${prefix}-artifacts-${accountId}-${region}`,
    agentProtectionPolicy: `${prefix}-protect-agents`,
    trailReplica: (accountId, region) => `${prefix}-trail-${accountId}-${region}`,
    replicationRole: `${prefix}-trail-replication`,
    trailReplicaKeyAlias: `alias/${prefix}-trail-replica`,
  };
}

/** The bus contract (docs/architecture.md): who sends what. */
export const BUS_EVENTS = {
  agentSource: 'ct-anomaly.agent',
  aggregatorSource: 'ct-anomaly.aggregator',
  finding: 'Anomaly Finding',
  heartbeat: 'Agent Heartbeat',
  alert: 'Anomaly Alert',
} as const;

/** Key schema shared by the DynamoDB tables (single-table design: pk/sk strings, TTL in epoch seconds). */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'ttl' } as const;

/** The key of the deployment's config object in the artifact bucket (detection settings, rules, suppressions, scoring, routing). */
export const CONFIG_OBJECT_KEY = 'config/ct-anomaly.json';

/** The key of the agent code in every artifact bucket: one key, each build an object version. */
export const AGENT_CODE_KEY = 'agent/detector.zip';

/**
 * The monitor's metrics (the contract with `functions/pipeline/fleet-health.ts`, checked by a test):
 * namespace, dimension and the names the central alarms read.
 */
export const MONITOR_METRICS = {
  namespace: 'ct-anomaly',
  dimensions: { Function: 'monitor' },
  names: {
    failing: 'Failing',
    stale: 'Stale',
    silent: 'Silent',
    uncovered: 'Uncovered',
    outdated: 'Outdated',
    accounts: 'Accounts',
    coverage: 'CoveragePercent',
  },
} as const;
