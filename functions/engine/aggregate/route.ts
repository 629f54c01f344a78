/**
 * Routing and delivery: which sinks get an alert (severity, kind, suppression), and sending to all of
 * them at once so that a failing sink never blocks the others.
 * @module
 */
import { compareSeverity, type Alert } from '../findings/index.js';
import type { AggregatorConfig } from '../config/index.js';
import type { AlertSink, Delivery, SinkOutcome } from './types.js';

/** Whether an alert is below the global routing threshold (kept and counted, sent nowhere). */
export function belowThreshold(alert: Alert, routing: AggregatorConfig['routing']): boolean {
  return compareSeverity(alert.severity, routing.minSeverity) < 0;
}

/** The sinks an alert is routed to. */
export function routesFor(alert: Alert, sinks: readonly AlertSink[], routing: AggregatorConfig['routing']): string[] {
  return sinks
    .filter((sink) => {
      const route = routing.sinks[sink.name];
      if (alert.suppressed && !route?.includeSuppressed) return false;
      if (compareSeverity(alert.severity, route?.minSeverity ?? routing.minSeverity) < 0) return false;
      return route?.kinds === undefined || route.kinds.includes(alert.kind);
    })
    .map((sink) => sink.name);
}

async function sendSafely(sink: AlertSink, alerts: Alert[]): Promise<SinkOutcome[]> {
  try {
    return await sink.send(alerts);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return alerts.map((a) => ({ alertId: a.id, ok: false, reason }));
  }
}

/** An alert with the sinks it must still reach. */
export interface Routed {
  alert: Alert;
  routes: string[];
  alreadyDelivered: string[];
}

/** Sends every alert to its routes, all sinks concurrently; returns one {@link Delivery} per alert. */
export async function deliver(routed: readonly Routed[], sinks: readonly AlertSink[]): Promise<Delivery[]> {
  const deliveries = new Map<string, Delivery>(
    routed.map((r) => [
      r.alert.id,
      { alertId: r.alert.id, routed: r.routes, delivered: [], failed: [], alreadyDelivered: r.alreadyDelivered },
    ]),
  );
  await Promise.all(
    sinks.map(async (sink) => {
      const batch = routed.filter((r) => r.routes.includes(sink.name)).map((r) => r.alert);
      if (batch.length === 0) return;
      const outcomes = new Map((await sendSafely(sink, batch)).map((o) => [o.alertId, o]));
      for (const alert of batch) {
        const d = deliveries.get(alert.id)!;
        const o = outcomes.get(alert.id);
        if (o?.ok) d.delivered.push(sink.name);
        else d.failed.push({ sink: sink.name, reason: o?.reason ?? 'the sink reported no outcome for this alert' });
      }
    }),
  );
  return [...deliveries.values()];
}
