import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import {
  EventBridgeFindingBus,
  MAX_ENTRY_BYTES,
  entrySize,
} from '../../../../../functions/adapters/aws/eventbridge/index.js';
import { findingSchema, type FindingBatch } from '../../../../../functions/engine/findings/index.js';
import { AwsCallCounter } from '../../../../../functions/adapters/aws/shared/index.js';
import { BUS_ARN, bigSample, makeFinding } from '../shared/fixtures.js';

const eb = mockClient(EventBridgeClient);
const noSleep = async (): Promise<void> => {};
const ok = (input: PutEventsCommandInput) => ({
  FailedEntryCount: 0,
  Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `ev-${i}-${Math.random().toString(16).slice(2)}` })),
});

function newBus(over: Partial<ConstructorParameters<typeof EventBridgeFindingBus>[0]> = {}) {
  return new EventBridgeFindingBus({
    busArn: BUS_ARN,
    client: new EventBridgeClient({ region: 'us-east-1' }),
    sleep: noSleep,
    ...over,
  });
}
const calls = () => eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input);
const batches = (input: PutEventsCommandInput): FindingBatch[] =>
  (input.Entries ?? []).map((e) => JSON.parse(e.Detail ?? '{}') as FindingBatch);
const requestBytes = (input: PutEventsCommandInput): number =>
  (input.Entries ?? []).reduce((sum, e) => sum + entrySize(e.Source ?? '', e.DetailType ?? '', e.Detail ?? ''), 0);

beforeEach(() => {
  eb.reset();
});

describe('EventBridgeFindingBus.publish', () => {
  it('sends one Anomaly Finding entry per principal and window to the bus ARN, at most 10 per call', async () => {
    eb.on(PutEventsCommand).callsFake(ok);
    const findings = Array.from({ length: 25 }, (_, i) =>
      makeFinding({ principalKey: `arn:aws:iam::111122223333:role/R${i}` }),
    );
    findings.push(
      makeFinding({ principalKey: 'arn:aws:iam::111122223333:role/R0', value: 's3.amazonaws.com:GetObject' }),
    );

    const result = await newBus().publish(findings);

    expect(result).toEqual({ published: 26, failed: [] });
    expect(calls().map((c) => c.Entries?.length)).toEqual([10, 10, 5]);
    const entry = calls()[0]!.Entries![0]!;
    expect(entry).toMatchObject({ EventBusName: BUS_ARN, Source: 'ct-anomaly.agent', DetailType: 'Anomaly Finding' });
    const first = batches(calls()[0]!)[0]!;
    expect(first).toMatchObject({ schemaVersion: 1, part: 1, parts: 1 });
    expect(first.findings.map((f) => f.value)).toEqual(['iam.amazonaws.com:CreateUser', 's3.amazonaws.com:GetObject']);
  });

  it('keeps every request under 256 KB and splits a large group into parts sharing groupKey', async () => {
    eb.on(PutEventsCommand).callsFake(ok);
    const findings = Array.from({ length: 12 }, (_, i) =>
      makeFinding({
        value: `s3.amazonaws.com:Op${i}`,
        evidence: { ...makeFinding().evidence, samples: [bigSample(40_000)] },
      }),
    );

    const result = await newBus().publish(findings);

    expect(result.published).toBe(12);
    for (const input of calls()) expect(requestBytes(input)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    const all = calls().flatMap(batches);
    expect(new Set(all.map((b) => b.groupKey)).size).toBe(1);
    expect(all.length).toBeGreaterThan(1);
    expect(all.map((b) => b.part)).toEqual(all.map((_, i) => i + 1));
    expect(all.every((b) => b.parts === all.length)).toBe(true);
    expect(all.flatMap((b) => b.findings.map((f) => f.value)).sort()).toEqual(findings.map((f) => f.value).sort());
  });

  it('trims an oversize finding (evidence first) instead of dropping it, and the result still validates', async () => {
    eb.on(PutEventsCommand).callsFake(ok);
    const huge = makeFinding({
      evidence: { ...makeFinding().evidence, samples: [bigSample(200_000), bigSample(200_000)] },
    });

    const result = await newBus().publish([huge]);

    expect(result.published).toBe(1);
    const sent = batches(calls()[0]!)[0]!.findings[0]!;
    expect(sent.flags).toContain('evidence-trimmed');
    expect(sent.id).toBe(huge.id);
    expect(findingSchema.safeParse(sent).success).toBe(true);
    expect(requestBytes(calls()[0]!)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
  });

  it('retries only the entries that failed (FailedEntryCount with per-entry ErrorCode)', async () => {
    eb.on(PutEventsCommand)
      .callsFakeOnce((input: PutEventsCommandInput) => ({
        FailedEntryCount: 2,
        Entries: (input.Entries ?? []).map((_, i) =>
          i === 1 || i === 3
            ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
            : { EventId: `ok-${i}` },
        ),
      }))
      .callsFake(ok);
    const findings = Array.from({ length: 5 }, (_, i) =>
      makeFinding({ principalKey: `arn:aws:iam::111122223333:role/R${i}` }),
    );
    const counter = new AwsCallCounter();

    const result = await newBus({ counter }).publish(findings);

    expect(result).toEqual({ published: 5, failed: [] });
    expect(calls().map((c) => c.Entries?.length)).toEqual([5, 2]);
    expect(batches(calls()[1]!).map((b) => b.findings[0]!.principal.key)).toEqual([
      findings[1]!.principal.key,
      findings[3]!.principal.key,
    ]);
    expect(counter.snapshot().calls['events:PutEvents']).toBe(2);
  });

  it('retries a throttled call (TooManyRequests / ThrottlingException) and then succeeds', async () => {
    eb.on(PutEventsCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }),
      )
      .callsFake(ok);

    const result = await newBus().publish([makeFinding()]);

    expect(result.published).toBe(1);
    expect(calls()).toHaveLength(2);
  });

  it('reports what still fails in `failed`, never silently, and does not retry permanent errors', async () => {
    eb.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
      FailedEntryCount: input.Entries?.length ?? 0,
      Entries: (input.Entries ?? []).map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'try later' })),
    }));
    const throttledBus = await newBus({ maxAttempts: 3 }).publish([makeFinding()]);
    eb.reset();
    eb.on(PutEventsCommand).rejects(
      Object.assign(new Error('not authorized to put to the bus'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const denied = await newBus({ maxAttempts: 3 }).publish([makeFinding(), makeFinding({ value: 'x:Y' })]);

    expect(throttledBus.published).toBe(0);
    expect(throttledBus.failed).toHaveLength(1);
    expect(throttledBus.failed[0]!.reason).toContain('InternalFailure');
    expect(denied.failed).toHaveLength(2);
    expect(denied.failed[0]!.reason).toContain('AccessDeniedException');
    expect(calls()).toHaveLength(1);
  });
});

describe('EventBridgeFindingBus.heartbeat', () => {
  it('sends an Agent Heartbeat entry and throws when it cannot be delivered', async () => {
    eb.on(PutEventsCommand)
      .callsFakeOnce(ok)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const beat = {
      schemaVersion: 1 as const,
      accountId: '111122223333',
      region: 'us-east-1',
      runId: 'r1',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:01:00Z',
      windowFrom: null,
      windowTo: null,
      watermark: null,
      counts: { findings: 0 },
      learnedActions: ['iam.amazonaws.com:ListUsers'],
      detectorVersion: '0.1.0',
    };
    const bus = newBus({ maxAttempts: 2 });

    await bus.heartbeat(beat);
    await expect(bus.heartbeat(beat)).rejects.toThrow(/heartbeat not delivered/);

    expect(calls()[0]!.Entries![0]).toMatchObject({
      DetailType: 'Agent Heartbeat',
      Source: 'ct-anomaly.agent',
      EventBusName: BUS_ARN,
    });
    expect(JSON.parse(calls()[0]!.Entries![0]!.Detail!)).toEqual(beat);
  });

  it('rejects a bus given by name instead of ARN (a configuration error)', () => {
    expect(() => new EventBridgeFindingBus({ busArn: 'ct-anomaly' })).toThrow(/event bus ARN/);
  });
});
