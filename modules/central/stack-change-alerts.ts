/**
 * Guard rail, central side: CloudFormation events the agents' stacks forward (deletion starting, drift,
 * hand-made changes) become alerts on the SOC's topic, in words.
 * @module
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { Construct } from 'constructs';
import { policyDocument } from './iam.js';

export interface StackChangeAlertsOptions {
  ruleName: string;
  busName: string;
  accountId: string;
  partition: string;
  topic: SnsTopic;
  deliveryDlq: SqsQueue;
  /** Detail-types the agents' stacks forward. */
  detailTypes: readonly string[];
}

/** Rule on the central bus -> the alerts topic (with its topic policy). */
export class StackChangeAlerts extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, options: StackChangeAlertsOptions) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: options.ruleName,
      description: 'Agent stacks deleted, drifted or changed by hand: an alert for the SOC',
      eventBusName: options.busName,
      eventPattern: JSON.stringify({ source: ['aws.cloudformation'], 'detail-type': [...options.detailTypes] }),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      eventBusName: options.busName,
      targetId: 'alerts-topic',
      arn: options.topic.arn,
      deadLetterConfig: { arn: options.deliveryDlq.arn },
      inputTransformer: {
        inputPaths: {
          account: '$.account',
          region: '$.region',
          kind: '$.detail-type',
          status: '$.detail.status-details.status',
          drift: '$.detail.status-details.stack-drift-status',
          call: '$.detail.eventName',
          who: '$.detail.userIdentity.arn',
          stack: '$.detail.stack-id',
        },
        inputTemplate:
          '"[HIGH] ct-anomaly agent stack in <account> (<region>): <kind> <status><drift><call> by <who> (stack <stack>). An agent stack changed outside its StackSet may be switched off: check CloudFormation in that account and redeploy the StackSet instance."',
      },
    });
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: options.topic.arn,
      policy: policyDocument(this, 'topic-policy-doc', [
        {
          sid: 'OwnerPublishes',
          actions: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'],
          resources: [options.topic.arn],
          principals: [{ type: 'AWS', identifiers: [`arn:${options.partition}:iam::${options.accountId}:root`] }],
        },
        {
          sid: 'StackChangeRulePublishes',
          actions: ['sns:Publish'],
          resources: [options.topic.arn],
          principals: [{ type: 'Service', identifiers: ['events.amazonaws.com'] }],
          conditions: [['ArnEquals', 'aws:SourceArn', [this.rule.arn]]],
        },
      ]).json,
    });
  }
}
