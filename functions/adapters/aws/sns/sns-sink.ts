/**
 * The SNS sink: one Publish per alert with a per-protocol message (`default`: the alert as JSON;
 * `email`: plain text) and message attributes for subscription filter policies (severity, kind, score).
 * @module
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertSink, SinkOutcome } from '../../../engine/aggregate/index.js';
import type { Alert } from '../../../engine/findings/index.js';
import { fitAlert } from '../../http/index.js';
import { errorMessage, mapLimit, withRetry, type AwsCallCounter, type Sleep } from '../shared/index.js';
import { snsEmailText, snsSubject } from './format.js';

export interface SnsSinkOptions {
  client: Pick<SNSClient, 'send'>;
  topicArn: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  /** Parallel publishes (default 5). */
  concurrency?: number;
}

/** The Publish input for one alert (exported for tests and docs). */
export function snsPublishInput(alert: Alert, topicArn: string): ConstructorParameters<typeof PublishCommand>[0] {
  const message = JSON.stringify({ default: JSON.stringify(fitAlert(alert, 180_000)), email: snsEmailText(alert) });
  return {
    TopicArn: topicArn,
    Subject: snsSubject(alert),
    MessageStructure: 'json',
    Message: message,
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: alert.severity },
      kind: { DataType: 'String', StringValue: alert.kind },
      score: { DataType: 'Number', StringValue: String(alert.score) },
    },
  };
}

/** Creates the SNS sink (named `sns`). */
export function createSnsSink(o: SnsSinkOptions): AlertSink {
  return {
    name: 'sns',
    async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
      return mapLimit(alerts, o.concurrency ?? 5, async (alert) => {
        try {
          await withRetry(
            () => {
              o.counter?.call('sns:Publish');
              return o.client.send(new PublishCommand(snsPublishInput(alert, o.topicArn)));
            },
            { operation: 'sns:Publish', maxAttempts: 4, ...(o.sleep ? { sleep: o.sleep } : {}) },
          );
          return { alertId: alert.id, ok: true };
        } catch (error) {
          return { alertId: alert.id, ok: false, reason: `SNS: ${errorMessage(error)}` };
        }
      });
    },
  };
}
