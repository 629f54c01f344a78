/**
 * CloudWatch metrics in Embedded Metric Format: one JSON log line that CloudWatch turns into metrics,
 * with no PutMetricData call and no extra permission. The one EMF builder of every Lambda.
 * @module
 */

/** Namespaces of the project's metrics: the agents' (dimension `AccountId`) and the central functions' (`Function`). */
export const MetricNamespace = { Agent: 'CtAnomaly/Agent', Central: 'ct-anomaly' } as const;
export type MetricNamespace = (typeof MetricNamespace)[keyof typeof MetricNamespace];

/** A CloudWatch unit the project uses. */
export type MetricUnit = 'Count' | 'Bytes' | 'Milliseconds' | 'Seconds' | 'Percent' | 'None';

/** One metric: a plain number is a count. */
export type MetricValue = number | { value: number; unit: MetricUnit };

/** What one EMF line carries. */
export interface EmfOptions {
  namespace: MetricNamespace;
  /** Dimension name -> value (one dimension set). */
  dimensions: Record<string, string>;
  metrics: Record<string, MetricValue>;
  /** Epoch ms. */
  at: number;
  /** Extra properties logged with the metrics (searchable in Logs Insights, not metrics). */
  properties?: Record<string, unknown>;
}

/** The EMF document (an object; `JSON.stringify` it into one log line). */
export function emfDocument(o: EmfOptions): Record<string, unknown> {
  const entries = Object.entries(o.metrics).map(
    ([name, m]) => [name, typeof m === 'number' ? { value: m, unit: 'Count' as const } : m] as const,
  );
  return {
    _aws: {
      Timestamp: o.at,
      CloudWatchMetrics: [
        {
          Namespace: o.namespace,
          Dimensions: [Object.keys(o.dimensions)],
          Metrics: entries.map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...o.dimensions,
    ...o.properties,
    ...Object.fromEntries(entries.map(([name, m]) => [name, m.value])),
  };
}

/** The EMF document as one log line. */
export function emfLine(o: EmfOptions): string {
  return JSON.stringify(emfDocument(o));
}
