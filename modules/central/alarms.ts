/**
 * CloudWatch alarms to the operations topic: function errors, anything in a DLQ, failed rule
 * deliveries, a surge of findings across the organization, and every agent falling silent at once.
 * @module
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { Construct } from 'constructs';

export interface AlarmsOptions {
  prefix: string;
  topic: SnsTopic;
  functions: Record<string, LambdaFunction>;
  deadLetterQueues: Record<string, SqsQueue>;
  busName: string;
  findingsRule: CloudwatchEventRule;
  heartbeatsRule: CloudwatchEventRule;
  findingsPerHour: number;
  agentScheduleMinutes: number;
}

/** All operational alarms. */
export class Alarms extends Construct {
  constructor(scope: Construct, id: string, options: AlarmsOptions) {
    super(scope, id);
    const actions = { alarmActions: [options.topic.arn], okActions: [options.topic.arn] };
    const name = (suffix: string) => `${options.prefix}-${suffix}`;
    /** "It happened at least once in five minutes": errors, DLQ messages, failed deliveries. */
    const anyInFiveMinutes = {
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      ...actions,
    } as const;

    for (const [key, fn] of Object.entries(options.functions)) {
      new CloudwatchMetricAlarm(this, `${key}-errors`, {
        alarmName: name(`${key}-errors`),
        alarmDescription: `The ${key} Lambda failed: read its log group /aws/lambda/${fn.functionName}`,
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: fn.functionName },
        statistic: 'Sum',
        ...anyInFiveMinutes,
      });
    }
    for (const [key, queue] of Object.entries(options.deadLetterQueues)) {
      new CloudwatchMetricAlarm(this, `${key}-depth`, {
        alarmName: name(`${key}-not-empty`),
        alarmDescription: `Messages are waiting in the ${key} dead-letter queue: inspect them, fix the cause, redrive`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue.name },
        statistic: 'Maximum',
        ...anyInFiveMinutes,
      });
    }
    const ruleMetric = (rule: CloudwatchEventRule) => ({ EventBusName: options.busName, RuleName: rule.name });
    for (const [key, rule] of [
      ['findings', options.findingsRule],
      ['heartbeats', options.heartbeatsRule],
    ] as const) {
      new CloudwatchMetricAlarm(this, `${key}-delivery-failures`, {
        alarmName: name(`${key}-delivery-failures`),
        alarmDescription: `EventBridge could not deliver agent ${key} to the aggregator queue (see the bus delivery DLQ)`,
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensions: ruleMetric(rule),
        statistic: 'Sum',
        ...anyInFiveMinutes,
      });
    }
    new CloudwatchMetricAlarm(this, 'findings-surge', {
      alarmName: name('findings-surge'),
      alarmDescription: `More than ${options.findingsPerHour} finding batches in an hour across the organization: an incident, or a noisy change`,
      namespace: 'AWS/Events',
      metricName: 'MatchedEvents',
      dimensions: ruleMetric(options.findingsRule),
      statistic: 'Sum',
      period: 3600,
      evaluationPeriods: 1,
      threshold: options.findingsPerHour,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      ...actions,
    });
    const silentSeconds = Math.min(86400, Math.ceil((options.agentScheduleMinutes * 2 * 60) / 60) * 60);
    new CloudwatchMetricAlarm(this, 'agents-silent', {
      alarmName: name('agents-silent'),
      alarmDescription:
        'No agent heartbeat reached the bus for two schedule periods: the whole fleet is down or cut off from the bus',
      namespace: 'AWS/Events',
      metricName: 'MatchedEvents',
      dimensions: ruleMetric(options.heartbeatsRule),
      statistic: 'Sum',
      period: silentSeconds,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'breaching',
      ...actions,
    });
  }
}
