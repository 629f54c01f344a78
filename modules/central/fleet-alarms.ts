/**
 * Alarms on the fleet's health, read from the metrics the monitor emits every run (EMF, namespace
 * `ct-anomaly`, dimension `Function` = `monitor`): agents failing, behind, silent, outdated, accounts
 * without an agent, and the monitor itself not reporting.
 * @module
 */
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { Construct } from 'constructs';
import { MONITOR_METRICS } from '../shared/names.js';

export interface FleetAlarmsOptions {
  prefix: string;
  topic: SnsTopic;
  /** The monitor's schedule: each alarm period is one monitor run. */
  monitorScheduleMinutes: number;
}

const ALARMS: ReadonlyArray<[id: string, metric: keyof typeof MONITOR_METRICS.names, description: string]> = [
  [
    'agents-failing',
    'failing',
    'Agents failed several runs in a row: the monitor alert names each one, its cause and fix',
  ],
  [
    'agents-behind',
    'stale',
    "Agents' watermarks are older than the threshold: what they should have checked is not checked yet",
  ],
  ['agents-gone-silent', 'silent', 'Agents stopped reporting (removed, broken, or cut off from the bus)'],
  ['accounts-uncovered', 'uncovered', 'Active accounts past their rollout grace have no agent'],
  ['agents-outdated', 'outdated', 'Agents still run another version than the one rolled out, past the rollout grace'],
];

/** The fleet-health alarms. */
export class FleetAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, options: FleetAlarmsOptions) {
    super(scope, id);
    const actions = { alarmActions: [options.topic.arn], okActions: [options.topic.arn] };
    const period = Math.min(86_400, options.monitorScheduleMinutes * 60);
    const metric = (name: string) => ({
      namespace: MONITOR_METRICS.namespace,
      metricName: name,
      dimensions: { ...MONITOR_METRICS.dimensions },
    });
    for (const [alarmId, key, description] of ALARMS) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, alarmId, {
          alarmName: `${options.prefix}-${alarmId}`,
          alarmDescription: `${description} (monitor metric ${MONITOR_METRICS.names[key]})`,
          ...metric(MONITOR_METRICS.names[key]),
          statistic: 'Maximum',
          period,
          evaluationPeriods: 1,
          threshold: 1,
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          // A missing data point is the monitor not running: the next alarm says so.
          treatMissingData: 'notBreaching',
          ...actions,
        }),
      );
    }
    this.alarms.push(
      new CloudwatchMetricAlarm(this, 'monitor-not-reporting', {
        alarmName: `${options.prefix}-monitor-not-reporting`,
        alarmDescription:
          'The monitor emitted no fleet metrics for two of its periods: nobody checks the agents (see its log group and DLQ)',
        ...metric(MONITOR_METRICS.names.accounts),
        statistic: 'SampleCount',
        period,
        evaluationPeriods: period * 2 <= 86_400 ? 2 : 1,
        threshold: 1,
        comparisonOperator: 'LessThanThreshold',
        treatMissingData: 'breaching',
        ...actions,
      }),
    );
  }
}
