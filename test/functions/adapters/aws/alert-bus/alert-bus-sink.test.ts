import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlertBusSink, publishCoverage } from '../../../../../functions/adapters/aws/alert-bus/index.js';
import type { Alert } from '../../../../../functions/engine/findings/index.js';
import { hostileAlert } from '../../http/hostile.js';

const events = mockClient(EventBridgeClient);
const BUS = 'arn:aws:events:eu-west-1:999999999999:event-bus/ct-anomaly';
beforeEach(() => events.reset());

const toOcsf = (alert: Alert) => ({ class_uid: 2004, finding_info: { uid: alert.id, title: alert.title } });
const alerts = (n: number): Alert[] =>
  Array.from({ length: n }, (_, i) => ({
    ...hostileAlert(),
    id: `${i.toString(16).padStart(6, '0')}abcdef0123456789abcdef01`,
  }));

describe('central bus sink', () => {
  it('publishes Anomaly Alert events from ct-anomaly.aggregator with the OCSF body, 10 per call', async () => {
    events.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })),
    }));

    const outcomes = await createAlertBusSink({ client: new EventBridgeClient({}), busArn: BUS, toOcsf }).send(
      alerts(12),
    );

    const calls = events.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 2]);
    const entry = calls[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'ct-anomaly.aggregator', DetailType: 'Anomaly Alert', EventBusName: BUS });
    expect(JSON.parse(entry.Detail!).class_uid).toBe(2004);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('retries entries that failed with a transient error and reports the others', async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 2,
        Entries: [
          { EventId: 'e-0' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' },
        ],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });

    const outcomes = await createAlertBusSink({
      client: new EventBridgeClient({}),
      busArn: BUS,
      toOcsf,
      sleep: async () => undefined,
    }).send(alerts(3));

    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false]);
    expect(outcomes[2]!.reason).toBe('EventBridge: AccessDeniedException: no');
  });

  it('publishes the coverage summary and throws when it cannot', async () => {
    events
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException' }] });
    const o = { client: new EventBridgeClient({}), busArn: BUS, sleep: async () => undefined };

    await publishCoverage(o, { coverage: 1 });
    await expect(publishCoverage(o, { coverage: 1 })).rejects.toThrow(
      /Coverage summary not published: EventBridge: AccessDeniedException/,
    );
    expect(events.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!.DetailType).toBe('Coverage Summary');
  });
});
