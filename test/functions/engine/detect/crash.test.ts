import { describe, expect, it } from 'vitest';
import { MemoryActivitySource } from '../../../../functions/engine/activity/aggregate-js.js';
import { DEFAULT_DETECTION_CONFIG } from '../../../../functions/engine/config/index.js';
import { runAccount } from '../../../../functions/engine/detect/index.js';
import type { BaselineStore, Checkpoint } from '../../../../functions/engine/baseline/index.js';
import type { FindingBus } from '../../../../functions/engine/findings/index.js';
import { FileBaselineStore } from '../../../../functions/adapters/local/baseline/file-store.js';
import { MemoryBus } from '../../../../functions/adapters/local/memory-bus.js';
import { at, record } from '../../../support/records.js';
import { makeTempDir } from '../../../support/temp-dir.js';

const ACCOUNT = '111122223333';
const config = { ...DEFAULT_DETECTION_CONFIG, learningDays: 2 };
const records = [
  ...[0, 1, 2, 3, 4, 5].flatMap((d) => [
    record({ time: at(d, 9), name: 'ListBuckets' }),
    record({ who: 'user:alice', time: at(d, 10), name: 'GetObject' }),
  ]),
  record({ time: at(3, 9, 30), name: 'DeleteBucket' }),
  record({ time: at(3, 9, 40), name: 'PutBucketPolicy' }),
  record({ who: 'user:alice', time: at(4, 15), name: 'CreateAccessKey', source: 'iam.amazonaws.com' }),
  record({ who: 'user:alice', time: at(5, 1), name: 'PutObject' }),
];
/** Each record delivered five minutes after it happened (delivery positions are minutes). */
const delivered = (r: (typeof records)[number]) => new Date(Date.parse(String(r.eventTime)) + 5 * 60_000).toISOString();
const source = new MemoryActivitySource(
  records.map((r) => ({ record: r, deliveredAt: delivered(r) })),
  { nowMs: Date.parse('2027-01-01T00:00:00Z'), futureToleranceMs: 0 },
);
const until = records.map(delivered).sort().at(-1)!;
/** Reads from the checkpoint's position (or the start) up to `upTo`, and records `upTo`. */
const rangeTo = (upTo: string) => (cp: Checkpoint | undefined) => ({
  delivered: { after: cp?.delivered['*'] ?? null, upTo },
  next: { '*': upTo },
});

class Crash extends Error {}

/** A file store made durable after every write (as DynamoDB is), failing at the n-th call of any method. */
function crashing(dir: string, failAt: number, counter: { calls: number }): BaselineStore {
  const store = new FileBaselineStore(dir);
  const step = async <T>(fn: () => Promise<T>, durable: boolean): Promise<T> => {
    if (counter.calls++ === failAt) throw new Crash(`crash at call ${failAt}`);
    const out = await fn();
    if (durable) await store.flush();
    return out;
  };
  return {
    getPrincipals: (a, k) => step(() => store.getPrincipals(a, k), false),
    getEntries: (a, k) => step(() => store.getEntries(a, k), false),
    claim: (a, e, n) => step(() => store.claim(a, e, n), true),
    commit: (a, c) => step(() => store.commit(a, c), true),
    getWindowStates: (a, k) => step(() => store.getWindowStates(a, k), false),
    getCheckpoint: (a) => step(() => store.getCheckpoint(a), false),
    putCheckpoint: (c) => step(() => store.putCheckpoint(c), true),
  };
}

function crashingBus(inner: MemoryBus, failAt: number, counter: { calls: number }): FindingBus {
  return {
    publish: async (f) => {
      if (counter.calls++ === failAt) throw new Crash('bus down');
      return inner.publish(f);
    },
    heartbeat: (h) => inner.heartbeat(h),
  };
}

async function run(store: BaselineStore, bus: FindingBus, attempt: number): Promise<void> {
  // Each attempt is a new process: wall clock moves on by 20 minutes, so the lapsed claims of a crashed run are void.
  const now = new Date(Date.parse('2027-01-01T00:00:00Z') + attempt * 20 * 60_000).toISOString();
  await runAccount({
    accountId: ACCOUNT,
    source,
    baseline: store,
    bus,
    config,
    now,
    runId: `run-${attempt}`,
    range: rangeTo(until),
  });
}

describe('the run protocol loses no finding when a run crashes at any step', async () => {
  const cleanDir = makeTempDir('ct-crash-clean-');
  const cleanBus = new MemoryBus();
  const counter = { calls: 0 };
  await run(crashing(cleanDir, -1, counter), crashingBus(cleanBus, -1, counter), 0);
  const expected = new Set(cleanBus.findings.map((f) => f.id));
  const totalCalls = counter.calls;
  const clean = new FileBaselineStore(cleanDir);

  it('has findings to lose in the first place', () => {
    expect(expected.size).toBe(4);
  });

  for (let failAt = 0; failAt < totalCalls; failAt++) {
    it(`crash at step ${failAt}, then rerun: every finding published, baseline and checkpoint as after a clean run`, async () => {
      const dir = makeTempDir('ct-crash-');
      const published = new MemoryBus();
      const shared = { calls: 0 };
      await expect(
        run(crashing(dir, failAt, shared), crashingBus(published, failAt, shared), 1),
      ).rejects.toBeInstanceOf(Crash);
      await run(crashing(dir, -1, { calls: 0 }), published, 2);
      expect(new Set(published.findings.map((f) => f.id))).toEqual(expected);
      const after = new FileBaselineStore(dir);
      const position = (c: Checkpoint | undefined) => ({ delivered: c?.delivered, watermark: c?.watermark });
      expect(position(await after.getCheckpoint(ACCOUNT))).toEqual(position(await clean.getCheckpoint(ACCOUNT)));
      const sig = (es: Awaited<ReturnType<FileBaselineStore['entriesOf']>>) =>
        es.map((e) => `${e.principalKey} ${e.value} ${e.firstSeen} ${e.claim ? 'claimed' : ''}`).sort();
      expect(sig(await after.entriesOf(ACCOUNT))).toEqual(sig(await clean.entriesOf(ACCOUNT)));
    });
  }
});

describe('a pair another run holds', () => {
  it('is left to that run, and the checkpoint stays before it until the claim is confirmed or lapses', async () => {
    const dir = makeTempDir('ct-held-');
    // A first pass learns the baseline; then run A claims one new pair and "crashes" before publishing.
    const store = new FileBaselineStore(dir);
    const learnUntil = at(3);
    await runAccount({
      accountId: ACCOUNT,
      source,
      baseline: store,
      bus: new MemoryBus(),
      config,
      now: '2027-01-01T00:00:00Z',
      runId: 'learn',
      range: rangeTo(learnUntil),
    });
    const pair = {
      principalKey: `arn:aws:iam::${ACCOUNT}:role/app-role`,
      dimension: 'action',
      value: 's3.amazonaws.com:DeleteBucket',
      firstSeen: at(3, 9, 30),
      lastSeen: at(3, 9, 30),
      expiresAt: at(93, 9, 30),
    };
    await store.claim(
      ACCOUNT,
      [{ ...pair, claim: { runId: 'A', leaseUntil: '2027-01-01T00:15:00Z', findingId: 'x' } }],
      '2027-01-01T00:00:00Z',
    );

    const busB = new MemoryBus();
    const b = await runAccount({
      accountId: ACCOUNT,
      source,
      baseline: store,
      bus: busB,
      config,
      now: '2027-01-01T00:05:00Z',
      runId: 'B',
      range: rangeTo(until),
    });
    expect(busB.findings.map((f) => f.value)).not.toContain('s3.amazonaws.com:DeleteBucket');
    expect(b.caughtUp).toBe(false);
    expect((await store.getCheckpoint(ACCOUNT))!.delivered).toEqual({ '*': learnUntil });

    // A never confirms: once its lease lapses, the next run publishes the pair.
    const busC = new MemoryBus();
    const c = await runAccount({
      accountId: ACCOUNT,
      source,
      baseline: store,
      bus: busC,
      config,
      now: '2027-01-01T00:30:00Z',
      runId: 'C',
      range: rangeTo(until),
    });
    expect(busC.findings.map((f) => f.value)).toContain('s3.amazonaws.com:DeleteBucket');
    expect(c.caughtUp).toBe(true);
  });
});
