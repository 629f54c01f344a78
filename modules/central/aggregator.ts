/**
 * The aggregator Lambda: consumes agent events from the queue in batches (partial batch failures go
 * back to the queue, then to its DLQ), keeps state in the state table, alerts through the sinks.
 * @module
 */
import type { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { Construct } from 'constructs';
import type { AgentBus } from './agent-bus.js';
import type { Statement } from './iam.js';
import { ServiceFunction } from './service-function.js';

export interface AggregatorSinks {
  splunk?: { hecUrl: string; tokenSecretName: string };
  slack?: { webhookSecretName: string };
  securityHub: boolean;
}

/** The deployment's config object (detection, suppressions, scoring, alert routing), read at every run. */
export interface DeployedConfigObject {
  /** `s3://bucket/key`. */
  uri: string;
  /** The object's ARN (for the read permission). */
  arn: string;
}

export interface AggregatorOptions {
  functionName: string;
  zipPath: string;
  accountId: string;
  region: string;
  partition: string;
  organizationId: string;
  logLevel: string;
  logRetentionDays: number;
  agentBus: AgentBus;
  stateTable: DynamodbTable;
  alertsTopic: SnsTopic;
  topicKey: KmsKey;
  sinks: AggregatorSinks;
  config: DeployedConfigObject;
  /** The agents' baseline TTL (agents.ttlDays). */
}

/** Timeout of one batch: the queue's visibility timeout is derived from it. */
export const AGGREGATOR_TIMEOUT_SECONDS = 120;

/** Reads of a secret by name: Secrets Manager appends a 6-character suffix to secret ARNs. */
export function secretArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}-??????`;
}

/**
 * What a central function reads besides its own resources: the deployment's config object and its
 * Splunk/Slack sinks: the environment it reads and the objects and secrets it may read.
 */
export function sinkSettings(
  sinks: Pick<AggregatorSinks, 'splunk' | 'slack'>,
  config: DeployedConfigObject,
  arn: { partition: string; region: string; accountId: string },
): { environment: Record<string, string>; statements: Statement[] } {
  const environment: Record<string, string> = { CT_CONFIG_URI: config.uri };
  if (sinks.splunk) {
    environment.CT_SPLUNK_HEC_URL = sinks.splunk.hecUrl;
    environment.CT_SPLUNK_TOKEN_SECRET = sinks.splunk.tokenSecretName;
  }
  if (sinks.slack) environment.CT_SLACK_WEBHOOK_SECRET = sinks.slack.webhookSecretName;
  const secrets = [sinks.splunk?.tokenSecretName, sinks.slack?.webhookSecretName].filter((n): n is string =>
    Boolean(n),
  );
  const statements: Statement[] = [{ sid: 'ReadDeploymentConfig', actions: ['s3:GetObject'], resources: [config.arn] }];
  if (secrets.length > 0) {
    statements.push({
      sid: 'ReadSinkSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: secrets.map((name) => secretArn(arn.partition, arn.region, arn.accountId, name)),
    });
  }
  return { environment, statements };
}

/** The aggregator function and its queue subscription. */
export class Aggregator extends Construct {
  readonly service: ServiceFunction;

  constructor(scope: Construct, id: string, options: AggregatorOptions) {
    super(scope, id);
    const { partition: p, region, accountId, sinks, agentBus } = options;
    const sinkAccess = sinkSettings(sinks, options.config, { partition: p, region, accountId });
    const statements: Statement[] = [
      {
        sid: 'ConsumeAgentEvents',
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        resources: [agentBus.queue.arn],
      },
      {
        sid: 'StateTable',
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
        ],
        resources: [options.stateTable.arn],
      },
      { sid: 'PublishAlertsOnBus', actions: ['events:PutEvents'], resources: [agentBus.bus.arn] },
      { sid: 'PublishAlertsOnTopic', actions: ['sns:Publish'], resources: [options.alertsTopic.arn] },
      { sid: 'EncryptForTopic', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [options.topicKey.arn] },
    ];
    statements.push(...sinkAccess.statements);
    if (sinks.securityHub) {
      statements.push({
        sid: 'ImportSecurityHubFindings',
        actions: ['securityhub:BatchImportFindings'],
        resources: [`arn:${p}:securityhub:${region}:${accountId}:product/${accountId}/default`],
      });
    }
    const environment: Record<string, string> = {
      CT_STATE_TABLE: options.stateTable.name,
      CT_BUS_ARN: agentBus.bus.arn,
      CT_SNS_TOPIC_ARN: options.alertsTopic.arn,
      CT_SECURITY_HUB: String(sinks.securityHub),
      CT_LOG_LEVEL: options.logLevel,
      ...sinkAccess.environment,
    };

    this.service = new ServiceFunction(this, 'function', {
      functionName: options.functionName,
      description: 'ct-anomaly aggregator: verifies, deduplicates, correlates and scores agent findings',
      zipPath: options.zipPath,
      accountId,
      region,
      partition: p,
      memoryMb: 512,
      timeoutSeconds: AGGREGATOR_TIMEOUT_SECONDS,
      logRetentionDays: options.logRetentionDays,
      environment,
      statements,
    });
    new LambdaEventSourceMapping(this, 'queue-subscription', {
      eventSourceArn: agentBus.queue.arn,
      functionName: this.service.function.arn,
      batchSize: 10,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: 5 },
    });
  }
}
