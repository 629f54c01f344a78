/**
 * The monitor Lambda, on a schedule: compares the organization's active accounts with recent agent
 * heartbeats and alerts on silent agents and uncovered accounts. Failed runs land in its DLQ.
 * @module
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import type { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { Construct } from 'constructs';
import type { AgentBus } from './agent-bus.js';
import { sinkSettings, type AggregatorSinks, type DeployedConfigObject } from './aggregator.js';
import { policyDocument } from './iam.js';
import { ServiceFunction } from './service-function.js';

export interface MonitorOptions {
  functionName: string;
  dlqName: string;
  scheduleRuleName: string;
  zipPath: string;
  accountId: string;
  region: string;
  partition: string;
  logLevel: string;
  logRetentionDays: number;
  scheduleMinutes: number;
  /** The agents' schedule: an agent is silent after two of these. */
  agentScheduleMinutes: number;
  agentBus: AgentBus;
  stateTable: DynamodbTable;
  alertsTopic: SnsTopic;
  topicKey: KmsKey;
  /** Alerts about silent agents and uncovered accounts go to the same sinks as the aggregator's. */
  sinks: Pick<AggregatorSinks, 'splunk' | 'slack'>;
  /** The deployment's config object: health alerts follow its routing. */
  config: DeployedConfigObject;
  /** Accounts that are expected to have no agent (never reported as uncovered). */
  exemptAccounts: readonly string[];
  /** Regions every account runs an agent in. */
  agentRegions: readonly string[];
  /** The agent version being rolled out (its label), for version-skew alerts. */
  agentVersion: string;
  health: {
    failedRunsAlert: number;
    staleWatermarkMinutes?: number;
    rolloutGraceMinutes: number;
    /** UTC hour of the daily fleet summary; null: none. */
    summaryHourUtc: number | null;
  };
}

/** Monitor function + schedule + DLQ. */
export class Monitor extends Construct {
  readonly service: ServiceFunction;
  readonly dlq: SqsQueue;

  constructor(scope: Construct, id: string, options: MonitorOptions) {
    super(scope, id);
    const sinkAccess = sinkSettings(options.sinks, options.config, options);
    this.dlq = new SqsQueue(this, 'dlq', {
      name: options.dlqName,
      messageRetentionSeconds: 14 * 24 * 3600,
      sqsManagedSseEnabled: true,
    });
    this.service = new ServiceFunction(this, 'function', {
      functionName: options.functionName,
      description: 'ct-anomaly monitor: agent health, organization coverage, daily fleet summary',
      zipPath: options.zipPath,
      accountId: options.accountId,
      region: options.region,
      partition: options.partition,
      memoryMb: 256,
      timeoutSeconds: 300,
      logRetentionDays: options.logRetentionDays,
      environment: {
        CT_STATE_TABLE: options.stateTable.name,
        CT_BUS_ARN: options.agentBus.bus.arn,
        CT_SNS_TOPIC_ARN: options.alertsTopic.arn,
        CT_HEARTBEAT_MINUTES: String(options.agentScheduleMinutes),
        CT_LOG_LEVEL: options.logLevel,
        ...(options.exemptAccounts.length > 0 ? { CT_EXEMPT_ACCOUNTS: options.exemptAccounts.join(',') } : {}),
        CT_AGENT_REGIONS: options.agentRegions.join(','),
        CT_AGENT_VERSION: options.agentVersion,
        CT_FAILED_RUNS_ALERT: String(options.health.failedRunsAlert),
        ...(options.health.staleWatermarkMinutes
          ? { CT_STALE_WATERMARK_MINUTES: String(options.health.staleWatermarkMinutes) }
          : {}),
        CT_ROLLOUT_GRACE_MINUTES: String(options.health.rolloutGraceMinutes),
        CT_SUMMARY_HOUR_UTC: options.health.summaryHourUtc === null ? 'off' : String(options.health.summaryHourUtc),
        ...sinkAccess.environment,
      },
      statements: [
        {
          sid: 'StateTable',
          actions: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:BatchWriteItem',
          ],
          resources: [options.stateTable.arn],
        },
        // Organizations has no resource-level permissions for these reads.
        {
          sid: 'ListOrganizationAccounts',
          actions: ['organizations:ListAccounts', 'organizations:DescribeOrganization'],
          resources: ['*'],
        },
        { sid: 'PublishCoverageOnBus', actions: ['events:PutEvents'], resources: [options.agentBus.bus.arn] },
        { sid: 'PublishAlertsOnTopic', actions: ['sns:Publish'], resources: [options.alertsTopic.arn] },
        { sid: 'EncryptForTopic', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [options.topicKey.arn] },
        { sid: 'OnFailureDestination', actions: ['sqs:SendMessage'], resources: [this.dlq.arn] },
        ...sinkAccess.statements,
      ],
    });
    const fn = this.service.function;
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: fn.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: Math.max(60, Math.min(21600, options.scheduleMinutes * 60)),
      destinationConfig: { onFailure: { destination: this.dlq.arn } },
    });
    const schedule = new CloudwatchEventRule(this, 'schedule', {
      name: options.scheduleRuleName,
      description: 'Runs the ct-anomaly monitor',
      scheduleExpression: `rate(${options.scheduleMinutes} minutes)`,
    });
    new CloudwatchEventTarget(this, 'schedule-target', {
      rule: schedule.name,
      targetId: 'monitor',
      arn: fn.arn,
      retryPolicy: {
        maximumEventAgeInSeconds: Math.max(60, Math.min(86400, options.scheduleMinutes * 60)),
        maximumRetryAttempts: 3,
      },
      deadLetterConfig: { arn: this.dlq.arn },
    });
    new LambdaPermission(this, 'schedule-permission', {
      functionName: fn.functionName,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    });
    new SqsQueuePolicy(this, 'dlq-policy', {
      queueUrl: this.dlq.url,
      policy: policyDocument(this, 'dlq-policy-doc', [
        {
          sid: 'ScheduleDeliveryFailures',
          actions: ['sqs:SendMessage'],
          resources: [this.dlq.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          conditions: [['ArnEquals', 'aws:SourceArn', [schedule.arn]]],
        },
      ]).json,
    });
  }
}
