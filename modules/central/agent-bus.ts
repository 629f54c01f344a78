/**
 * The central event bus agents publish to, and the path of their events to the aggregator:
 * bus (org-scoped policy, agent events only) -> rules (`Anomaly Finding`, `Agent Heartbeat`) ->
 * SQS queue (retries, DLQ) -> aggregator in batches with partial batch failure reporting.
 * @module
 */
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus/index.js';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy/index.js';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { BUS_EVENTS } from '../shared/names.js';
import { policyDocument, type Statement } from './iam.js';

export interface AgentBusOptions {
  organizationId: string;
  /** Only roles matching this ARN pattern (the agents' roles, in any account) may speak for an account. */
  agentRolePattern: string;
  /** The agent stacks' forwarders (guard rail): their role pattern and the CloudFormation detail-types they send. */
  stackWatch?: { forwarderRolePattern: string; detailTypes: readonly string[] };
  busName: string;
  queueName: string;
  queueDlqName: string;
  deliveryDlqName: string;
  findingsRuleName: string;
  heartbeatsRuleName: string;
  /** The consumer's timeout: the queue's visibility timeout is six times it. */
  consumerTimeoutSeconds: number;
}

const FOURTEEN_DAYS = 14 * 24 * 3600;

/** Bus + policy + rules + queue + DLQs. */
export class AgentBus extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly queue: SqsQueue;
  readonly queueDlq: SqsQueue;
  readonly deliveryDlq: SqsQueue;
  readonly findingsRule: CloudwatchEventRule;
  readonly heartbeatsRule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, options: AgentBusOptions) {
    super(scope, id);
    this.bus = new CloudwatchEventBus(this, 'bus', { name: options.busName });
    // Only the agents' roles in the organization, agent events only: another principal of a member account
    // cannot forge its heartbeats or flood findings, and no one can post an `Anomaly Alert` (the
    // aggregator's own detail-type, which SOC consumers trust). The aggregator still trusts only the
    // envelope account for which account an event speaks.
    const statements: Statement[] = [
      {
        sid: 'OrganizationAgentsPutEvents',
        actions: ['events:PutEvents'],
        resources: [this.bus.arn],
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        conditions: [
          ['StringEquals', 'aws:PrincipalOrgID', [options.organizationId]],
          ['ArnLike', 'aws:PrincipalArn', [options.agentRolePattern]],
          ['StringEquals', 'events:source', [BUS_EVENTS.agentSource]],
          ['StringEquals', 'events:detail-type', [BUS_EVENTS.finding, BUS_EVENTS.heartbeat]],
        ],
      },
    ];
    if (options.stackWatch) {
      statements.push({
        sid: 'AgentStacksForwardTheirChanges',
        actions: ['events:PutEvents'],
        resources: [this.bus.arn],
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        conditions: [
          ['StringEquals', 'aws:PrincipalOrgID', [options.organizationId]],
          ['ArnLike', 'aws:PrincipalArn', [options.stackWatch.forwarderRolePattern]],
          ['StringEquals', 'events:source', ['aws.cloudformation']],
          ['StringEquals', 'events:detail-type', [...options.stackWatch.detailTypes]],
        ],
      });
    }
    new CloudwatchEventBusPolicy(this, 'policy', {
      eventBusName: this.bus.name,
      policy: policyDocument(this, 'bus-policy', statements).json,
    });

    this.queueDlq = new SqsQueue(this, 'queue-dlq', {
      name: options.queueDlqName,
      messageRetentionSeconds: FOURTEEN_DAYS,
      sqsManagedSseEnabled: true,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: options.queueName,
      visibilityTimeoutSeconds: options.consumerTimeoutSeconds * 6,
      messageRetentionSeconds: 4 * 24 * 3600,
      sqsManagedSseEnabled: true,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.queueDlq.arn, maxReceiveCount: 5 }),
    });
    this.deliveryDlq = new SqsQueue(this, 'delivery-dlq', {
      name: options.deliveryDlqName,
      messageRetentionSeconds: FOURTEEN_DAYS,
      sqsManagedSseEnabled: true,
    });

    const rule = (ruleId: string, name: string, detailType: string, description: string): CloudwatchEventRule => {
      const r = new CloudwatchEventRule(this, ruleId, {
        name,
        description,
        eventBusName: this.bus.name,
        eventPattern: JSON.stringify({ source: [BUS_EVENTS.agentSource], 'detail-type': [detailType] }),
      });
      new CloudwatchEventTarget(this, `${ruleId}-target`, {
        rule: r.name,
        eventBusName: this.bus.name,
        targetId: 'aggregator-queue',
        arn: this.queue.arn,
        retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
        deadLetterConfig: { arn: this.deliveryDlq.arn },
      });
      return r;
    };
    this.findingsRule = rule(
      'findings',
      options.findingsRuleName,
      BUS_EVENTS.finding,
      'Agent findings to the aggregator queue',
    );
    this.heartbeatsRule = rule(
      'heartbeats',
      options.heartbeatsRuleName,
      BUS_EVENTS.heartbeat,
      'Agent heartbeats to the aggregator queue',
    );

    const rules = [this.findingsRule.arn, this.heartbeatsRule.arn];
    for (const [queueId, queue] of [
      ['queue', this.queue],
      ['delivery-dlq', this.deliveryDlq],
    ] as const) {
      new SqsQueuePolicy(this, `${queueId}-policy`, {
        queueUrl: queue.url,
        policy: policyDocument(this, `${queueId}-policy-doc`, [
          {
            sid: 'AgentRulesSendMessages',
            actions: ['sqs:SendMessage'],
            resources: [queue.arn],
            principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
            conditions: [['ArnEquals', 'aws:SourceArn', rules]],
          },
        ]).json,
      });
    }
  }
}
