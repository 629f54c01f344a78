/**
 * Can the agent publish to the central bus? One `Anomaly Finding` event holding an empty batch: it passes
 * the bus policy exactly as findings do, and the aggregator accepts it and alerts on nothing.
 * @module
 */
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AwsCallCounter } from '../shared/index.js';
import { failed, type Probe } from './probe.js';

export interface BusProbeOptions {
  client: Pick<EventBridgeClient, 'send'>;
  busArn: string;
  counter?: AwsCallCounter;
}

/** The probe event's detail: a valid finding batch with no findings. */
export const PROBE_BATCH = { schemaVersion: 1, groupKey: 'preflight', part: 0, parts: 1, findings: [] } as const;

/** Publishes the probe event. */
export async function probeBus(o: BusProbeOptions): Promise<Probe> {
  try {
    o.counter?.call('events:PutEvents');
    const out = await o.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: o.busArn,
            Source: 'ct-anomaly.agent',
            DetailType: 'Anomaly Finding',
            Detail: JSON.stringify(PROBE_BATCH),
          },
        ],
      }),
    );
    const entry = out.Entries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 || entry?.ErrorCode)
      return {
        ok: false,
        code: entry?.ErrorCode ?? 'FailedEntry',
        message: entry?.ErrorMessage ?? 'the bus refused the event',
      };
    return { ok: true, detail: `event ${entry?.EventId ?? '?'} accepted by ${o.busArn}` };
  } catch (error) {
    return failed(error, o.busArn);
  }
}
