/**
 * Where humans are told: the alerts topic (scored alerts, for the SOC) and the operations topic
 * (CloudWatch alarms, for the platform team), both encrypted with one customer-managed key.
 * @module
 */
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';
import { policyDocument } from './iam.js';

export interface Subscription {
  protocol: string;
  endpoint: string;
}

export interface NotificationsOptions {
  accountId: string;
  partition: string;
  alertsTopicName: string;
  operationsTopicName: string;
  kmsAlias: string;
  alertSubscriptions: readonly Subscription[];
  operationSubscriptions: readonly Subscription[];
  /** EventBridge publishes to the alerts topic (stack-change alerts): it needs the topic key too. */
  eventBridgePublishes?: boolean;
}

/** KMS key + two topics + their subscriptions. */
export class Notifications extends Construct {
  readonly key: KmsKey;
  readonly alerts: SnsTopic;
  readonly operations: SnsTopic;

  constructor(scope: Construct, id: string, options: NotificationsOptions) {
    super(scope, id);
    // In a key policy `Resource: *` means "this key"; account principals get access through their IAM policies.
    const keyPolicy = policyDocument(this, 'key-policy', [
      {
        sid: 'AccountAdministersKeyThroughIam',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [`arn:${options.partition}:iam::${options.accountId}:root`] }],
      },
      {
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        conditions: [['StringEquals', 'aws:SourceAccount', [options.accountId]]],
      },
      ...(options.eventBridgePublishes
        ? [
            {
              sid: 'EventBridgePublishesToEncryptedTopic',
              actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              resources: ['*'],
              principals: [{ type: 'Service' as const, identifiers: ['events.amazonaws.com'] }],
              conditions: [['StringEquals', 'aws:SourceAccount', [options.accountId]]] as Array<
                [string, string, string[]]
              >,
            },
          ]
        : []),
    ]);
    this.key = new KmsKey(this, 'key', {
      description: 'ct-anomaly: encrypts the alert and operations topics',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, 'alias', { name: options.kmsAlias, targetKeyId: this.key.keyId });
    this.alerts = new SnsTopic(this, 'alerts', { name: options.alertsTopicName, kmsMasterKeyId: this.key.arn });
    this.operations = new SnsTopic(this, 'operations', {
      name: options.operationsTopicName,
      kmsMasterKeyId: this.key.arn,
    });
    options.alertSubscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `alerts-${i}`, {
        topicArn: this.alerts.arn,
        protocol: s.protocol,
        endpoint: s.endpoint,
      });
    });
    options.operationSubscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `operations-${i}`, {
        topicArn: this.operations.arn,
        protocol: s.protocol,
        endpoint: s.endpoint,
      });
    });
  }
}
