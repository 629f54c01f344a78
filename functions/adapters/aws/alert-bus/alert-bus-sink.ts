/**
 * The central bus sink: each alert as an `Anomaly Alert` event (source `ct-anomaly.aggregator`,
 * OCSF Detection Finding body) for SOC consumers; PutEvents in batches of 10 and 256 KB, failed
 * entries with a transient error retried.
 * @module
 */
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { AlertSink, SinkOutcome } from '../../../engine/aggregate/index.js';
import { type Alert, alertToOcsf } from '../../../engine/findings/index.js';
import { DETECTOR_VERSION } from '../../../engine/detect/index.js';
import { fitAlert } from '../../http/index.js';
import { backoffDelay, errorMessage, realSleep, withRetry, type AwsCallCounter, type Sleep } from '../shared/index.js';

/** Source and detail-types the aggregator and monitor publish. */
export const ALERT_EVENTS = {
  source: 'ct-anomaly.aggregator',
  alert: 'Anomaly Alert',
  coverage: 'Coverage Summary',
} as const;

/** Maps an alert to its OCSF body (the findings engine's `alertToOcsf`, or a stand-in). */
export type OcsfMapper = (alert: Alert) => unknown;

export interface AlertBusOptions {
  client: Pick<EventBridgeClient, 'send'>;
  busArn: string;
  counter?: AwsCallCounter;
  sleep?: Sleep;
  maxAttempts?: number;
}

const MAX_ENTRY_BYTES = 256 * 1024;
const TRANSIENT = /throttl|internal|unavailable|timeout/i;

function entrySize(e: PutEventsRequestEntry): number {
  return (
    Buffer.byteLength(e.Source ?? '') +
    Buffer.byteLength(e.DetailType ?? '') +
    Buffer.byteLength(e.Detail ?? '') +
    (e.Resources ?? []).reduce((s, r) => s + Buffer.byteLength(r), 0) +
    14
  );
}

/** Puts entries, 10 and 256 KB at a time, retrying transient failures; returns the error per entry index (null = published). */
export async function putEntries(
  o: AlertBusOptions,
  entries: readonly PutEventsRequestEntry[],
): Promise<Array<string | null>> {
  const results: Array<string | null> = entries.map(() => 'not sent');
  let todo = entries.map((entry, index) => ({ entry, index }));
  const sleep = o.sleep ?? realSleep;
  for (let round = 0; todo.length > 0; round++) {
    if (round > 0) await sleep(backoffDelay(round - 1, { baseMs: 200, capMs: 3000 }));
    const retry: typeof todo = [];
    const batches: Array<typeof todo> = [];
    for (const item of todo) {
      const last = batches[batches.length - 1];
      const size = entrySize(item.entry);
      if (last && last.length < 10 && last.reduce((s, x) => s + entrySize(x.entry), 0) + size <= MAX_ENTRY_BYTES)
        last.push(item);
      else batches.push([item]);
    }
    for (const batch of batches) {
      try {
        const response = await withRetry(
          () => {
            o.counter?.call('events:PutEvents');
            return o.client.send(
              new PutEventsCommand({ Entries: batch.map((b) => ({ ...b.entry, EventBusName: o.busArn })) }),
            );
          },
          { operation: 'events:PutEvents', maxAttempts: 4, ...(o.sleep ? { sleep: o.sleep } : {}) },
        );
        batch.forEach((b, i) => {
          const r = response.Entries?.[i];
          if (r?.EventId && !r.ErrorCode) results[b.index] = null;
          else if (TRANSIENT.test(r?.ErrorCode ?? 'InternalFailure') && round + 1 < (o.maxAttempts ?? 3)) retry.push(b);
          else results[b.index] = `EventBridge: ${r?.ErrorCode ?? 'no entry result'}: ${r?.ErrorMessage ?? ''}`.trim();
        });
      } catch (error) {
        for (const b of batch) results[b.index] = `EventBridge: ${errorMessage(error)}`;
      }
    }
    todo = retry;
  }
  return results;
}

/** Creates the central bus sink (named `bus`). */
/** The OCSF Detection Finding body of an `Anomaly Alert` event. */
export function defaultOcsf(alert: Alert): unknown {
  return alertToOcsf(alert, { productVersion: DETECTOR_VERSION });
}

export function createAlertBusSink(o: AlertBusOptions & { toOcsf?: OcsfMapper }): AlertSink {
  const toOcsf = o.toOcsf ?? defaultOcsf;
  return {
    name: 'bus',
    async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
      const entries = alerts.map((alert) => {
        const detail = (a: Alert) => JSON.stringify(toOcsf(a));
        let body = detail(alert);
        if (Buffer.byteLength(body) > MAX_ENTRY_BYTES - 1024) body = detail(fitAlert(alert, 100_000));
        return { Source: ALERT_EVENTS.source, DetailType: ALERT_EVENTS.alert, Detail: body, Resources: [] };
      });
      const results = await putEntries(o, entries);
      return alerts.map((a, i) =>
        results[i] === null ? { alertId: a.id, ok: true } : { alertId: a.id, ok: false, reason: results[i]! },
      );
    },
  };
}

/** Publishes the monitor's coverage summary as a `Coverage Summary` event; throws when it could not. */
export async function publishCoverage(o: AlertBusOptions, summary: unknown): Promise<void> {
  const [error] = await putEntries(o, [
    { Source: ALERT_EVENTS.source, DetailType: ALERT_EVENTS.coverage, Detail: JSON.stringify(summary) },
  ]);
  if (error) throw new Error(`Coverage summary not published: ${error}`);
}
