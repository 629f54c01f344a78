/**
 * CloudWatch metrics in Embedded Metric Format: one JSON log line that CloudWatch turns into metrics,
 * no PutMetricData call and no extra permission. Namespace `CtAnomaly/Agent`, dimension `AccountId`.
 * @module
 */

export const METRIC_NAMESPACE = 'CtAnomaly/Agent';

/** One metric value and its CloudWatch unit. */
export interface MetricValue {
  value: number;
  unit: 'Count' | 'Bytes' | 'Milliseconds' | 'None';
}

/** The EMF document for some metrics of one account at one time. */
export function emfDocument(
  accountId: string,
  metrics: Record<string, MetricValue>,
  at: Date,
  properties: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['AccountId']],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    AccountId: accountId,
    ...properties,
    ...Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.value])),
  };
}
