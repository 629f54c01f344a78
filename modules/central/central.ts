/**
 * The central (security/tooling account) subsystem: the agents' bus, the aggregator and monitor,
 * the state table, the alert and operations topics, and the alarms.
 * @module
 */
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { centralNames } from '../shared/names.js';
import { AgentBus } from './agent-bus.js';
import {
  AGGREGATOR_TIMEOUT_SECONDS,
  Aggregator,
  type AggregatorSinks,
  type DeployedConfigObject,
} from './aggregator.js';
import { Alarms } from './alarms.js';
import { FleetAlarms } from './fleet-alarms.js';
import { Monitor, type MonitorOptions } from './monitor.js';
import { Notifications, type Subscription } from './notifications.js';
import { StackChangeAlerts } from './stack-change-alerts.js';
import { stateTable } from './state-table.js';

export interface CentralOptions {
  prefix: string;
  partition: string;
  accountId: string;
  region: string;
  organizationId: string;
  /** Bundle zips from `npm run build`. */
  bundles: { aggregator: string; monitor: string };
  logLevel: string;
  logRetentionDays: number;
  agentScheduleMinutes: number;
  /** The deployment's config object, read by the aggregator and the monitor at every run. */
  config: DeployedConfigObject;
  monitorScheduleMinutes: number;
  monitorExemptAccounts: readonly string[];
  /** What the monitor checks the fleet against: agent regions, the version rolled out, its thresholds. */
  fleet: Pick<MonitorOptions, 'agentRegions' | 'agentVersion' | 'health'>;
  /** ARN pattern of the agents' roles: the only principals that may put agent events on the bus. */
  agentRolePattern: string;
  /** Guard rail: the agent stacks forward their changes; they become alerts on the alerts topic. */
  stackWatch?: { forwarderRolePattern: string; detailTypes: readonly string[] };
  sinks: AggregatorSinks & { snsSubscriptions: readonly Subscription[] };
  alarms: { subscriptions: readonly Subscription[]; findingsPerHour: number };
}

/** Everything central except the agents' code buckets and the rollout. */
export class Central extends Construct {
  readonly agentBus: AgentBus;
  readonly aggregator: Aggregator;
  readonly monitor: Monitor;
  readonly notifications: Notifications;

  constructor(scope: Construct, id: string, options: CentralOptions) {
    super(scope, id);
    const names = centralNames(options.prefix);
    const common = {
      accountId: options.accountId,
      region: options.region,
      partition: options.partition,
      logLevel: options.logLevel,
      logRetentionDays: options.logRetentionDays,
    };
    this.notifications = new Notifications(this, 'notifications', {
      accountId: options.accountId,
      partition: options.partition,
      alertsTopicName: names.alertsTopic,
      operationsTopicName: names.operationsTopic,
      kmsAlias: names.kmsAlias,
      alertSubscriptions: options.sinks.snsSubscriptions,
      operationSubscriptions: options.alarms.subscriptions,
      eventBridgePublishes: options.stackWatch !== undefined,
    });
    const table = stateTable(this, 'state', names.stateTable);
    this.agentBus = new AgentBus(this, 'agent-bus', {
      organizationId: options.organizationId,
      agentRolePattern: options.agentRolePattern,
      ...(options.stackWatch ? { stackWatch: options.stackWatch } : {}),
      busName: names.bus,
      queueName: names.agentEventsQueue,
      queueDlqName: names.agentEventsDlq,
      deliveryDlqName: names.busDeliveryDlq,
      findingsRuleName: names.findingsRule,
      heartbeatsRuleName: names.heartbeatsRule,
      consumerTimeoutSeconds: AGGREGATOR_TIMEOUT_SECONDS,
    });
    const { splunk, slack, securityHub } = options.sinks;
    this.aggregator = new Aggregator(this, 'aggregator', {
      ...common,
      functionName: names.aggregatorFunction,
      zipPath: options.bundles.aggregator,
      organizationId: options.organizationId,
      agentBus: this.agentBus,
      stateTable: table,
      alertsTopic: this.notifications.alerts,
      topicKey: this.notifications.key,
      sinks: { splunk, slack, securityHub },
      config: options.config,
    });
    this.monitor = new Monitor(this, 'monitor', {
      ...common,
      functionName: names.monitorFunction,
      dlqName: names.monitorDlq,
      scheduleRuleName: names.monitorScheduleRule,
      zipPath: options.bundles.monitor,
      scheduleMinutes: options.monitorScheduleMinutes,
      agentScheduleMinutes: options.agentScheduleMinutes,
      agentBus: this.agentBus,
      stateTable: table,
      alertsTopic: this.notifications.alerts,
      topicKey: this.notifications.key,
      sinks: { splunk, slack },
      config: options.config,
      exemptAccounts: options.monitorExemptAccounts,
      ...options.fleet,
    });
    new Alarms(this, 'alarms', {
      prefix: options.prefix,
      topic: this.notifications.operations,
      functions: { aggregator: this.aggregator.service.function, monitor: this.monitor.service.function },
      deadLetterQueues: {
        'agent-events-dlq': this.agentBus.queueDlq,
        'bus-delivery-dlq': this.agentBus.deliveryDlq,
        'monitor-dlq': this.monitor.dlq,
      },
      busName: names.bus,
      findingsRule: this.agentBus.findingsRule,
      heartbeatsRule: this.agentBus.heartbeatsRule,
      findingsPerHour: options.alarms.findingsPerHour,
      agentScheduleMinutes: options.agentScheduleMinutes,
    });
    new FleetAlarms(this, 'fleet-alarms', {
      prefix: options.prefix,
      topic: this.notifications.operations,
      monitorScheduleMinutes: options.monitorScheduleMinutes,
    });
    if (options.stackWatch) {
      new StackChangeAlerts(this, 'stack-change-alerts', {
        ruleName: `${options.prefix}-agent-stack-changes`,
        busName: names.bus,
        accountId: options.accountId,
        partition: options.partition,
        topic: this.notifications.alerts,
        deliveryDlq: this.agentBus.deliveryDlq,
        detailTypes: options.stackWatch.detailTypes,
      });
    }

    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(this, id, { value, description }).overrideLogicalId(id.replace(/-/g, '_'));
    output(
      'bus-arn',
      this.agentBus.bus.arn,
      'The central bus (agents publish here; SOC tools can subscribe to Anomaly Alert events)',
    );
    output('alerts-topic-arn', this.notifications.alerts.arn, 'SNS topic with scored alerts');
    output('operations-topic-arn', this.notifications.operations.arn, 'SNS topic with operational alarms');
    output('state-table-name', table.name, 'The aggregator state table');
  }
}
