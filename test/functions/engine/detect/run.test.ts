import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MemoryActivitySource } from '../../../../functions/engine/activity/aggregate-js.js';
import { DEFAULT_DETECTION_CONFIG, type DetectionConfig } from '../../../../functions/engine/config/index.js';
import { runAccount } from '../../../../functions/engine/detect/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { FileBaselineStore } from '../../../../functions/adapters/local/baseline/file-store.js';
import { MemoryBus } from '../../../../functions/adapters/local/memory-bus.js';
import { at, record } from '../../../support/records.js';
import { makeTempDir, useTempDir } from '../../../support/temp-dir.js';

const ACCOUNT = '111122223333';
const dir = useTempDir('ct-run-');

/** Runs one scan-like pass over records (local semantics: what the source holds is the run), persisting the store. */
async function scan(
  records: CloudTrailRecord[],
  config: Partial<DetectionConfig> = {},
  opts: { learnOnly?: boolean; store?: FileBaselineStore } = {},
) {
  const cfg = { ...DEFAULT_DETECTION_CONFIG, ...config };
  const source = new MemoryActivitySource(
    records.map((r) => ({ record: r })),
    { nowMs: Date.parse('2027-01-01T00:00:00Z'), futureToleranceMs: 15 * 60_000 },
  );
  const store = opts.store ?? new FileBaselineStore(dir());
  const bus = new MemoryBus();
  const result = await runAccount({
    accountId: ACCOUNT,
    source,
    baseline: store,
    bus,
    config: cfg,
    now: '2027-01-01T00:00:00Z',
    runId: `run-${Math.random()}`,
    range: () => ({ delivered: { after: null, upTo: null }, next: {} }),
    learnOnly: opts.learnOnly ?? false,
  });
  await store.flush();
  return { result, findings: bus.findings, store };
}

/** A role that lists buckets every day from day 0 to `days`. */
function routine(days: number, who = 'app-role'): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  for (let d = 0; d <= days; d++)
    out.push(record({ who, time: at(d, 9), name: 'ListBuckets' }), record({ who, time: at(d, 10), name: 'GetObject' }));
  return out;
}

describe('first-seen detection through the run protocol', () => {
  it('learns silently inside the learning period and flags new actions after it', async () => {
    const records = [
      ...routine(20),
      record({ time: at(3, 11), name: 'PutObject' }), // day 3: learning
      record({ time: at(16, 11), name: 'DeleteBucket' }), // day 16: after 14 days
    ];
    const { findings, result } = await scan(records);
    expect(findings.map((f) => f.value)).toEqual(['s3.amazonaws.com:DeleteBucket']);
    expect(findings[0]!.principal.key).toBe(`arn:aws:iam::${ACCOUNT}:role/app-role`);
    expect(result.learned).toBe(3);
  });

  it('with --learning-days 0 every first-seen pair is a finding', async () => {
    const { findings } = await scan([...routine(1), record({ time: at(1, 11), name: 'PutObject' })], {
      learningDays: 0,
    });
    expect(findings.map((f) => f.value).sort()).toEqual([
      's3.amazonaws.com:GetObject',
      's3.amazonaws.com:ListBuckets',
      's3.amazonaws.com:PutObject',
    ]);
  });

  it("the learning period runs from the principal's first observation, per principal", async () => {
    const records = [...routine(30), ...routine(30, 'late-role').filter((r) => r.eventTime! >= at(20))];
    records.push(record({ who: 'late-role', time: at(25, 12), name: 'PutBucketPolicy' })); // 5 days after late-role appeared
    records.push(record({ who: 'app-role', time: at(25, 12), name: 'PutBucketPolicy' })); // 25 days after app-role appeared
    const { findings } = await scan(records);
    expect(findings.map((f) => `${f.principal.name} ${f.value}`)).toEqual([
      'app-role s3.amazonaws.com:PutBucketPolicy',
    ]);
  });

  it('forgets an entry after the TTL without use: seen again, it is new again', async () => {
    const records = [
      ...routine(20),
      record({ time: at(1, 12), name: 'PutObject' }),
      record({ time: at(140, 12), name: 'PutObject' }),
      record({ time: at(140, 13), name: 'ListBuckets' }),
    ];
    const { findings } = await scan(records, { ttlDays: 90 });
    expect(findings.map((f) => f.value).sort()).toEqual(['s3.amazonaws.com:ListBuckets', 's3.amazonaws.com:PutObject']);
  });

  it('treats an expired entry as unknown even while it is still stored', async () => {
    const first = await scan([...routine(20), record({ time: at(1, 12), name: 'PutObject' })], { ttlDays: 30 });
    expect(first.findings).toHaveLength(0);
    const entries = await first.store.entriesOf(ACCOUNT);
    const put = entries.find((e) => e.value === 's3.amazonaws.com:PutObject')!;
    expect(Date.parse(put.expiresAt)).toBe(Date.parse(at(31, 12)));
    // Day 40: the entry expired on day 31 but the file still holds it (purge happens at the watermark).
    const { findings } = await scan(
      [record({ time: at(40, 12), name: 'PutObject' }), record({ time: at(40, 13), name: 'ListBuckets' })],
      { ttlDays: 30 },
      { store: new FileBaselineStore(dir()) },
    );
    expect(findings.map((f) => f.value)).toEqual(['s3.amazonaws.com:PutObject']);
  });

  it('refreshes lastSeen only when older than the refresh interval', async () => {
    const { store } = await scan(routine(20), { refreshDays: 7 });
    const list = (await store.entriesOf(ACCOUNT)).find((e) => e.value === 's3.amazonaws.com:ListBuckets')!;
    expect(Date.parse(list.lastSeen)).toBe(Date.parse(at(14, 9))); // refreshed on day 7 and day 14, not daily
  });

  it('--learn-only learns history without findings; later activity is judged against it', async () => {
    const history = [...routine(30), record({ time: at(20, 12), name: 'PutObject' })];
    const learn = await scan(history, {}, { learnOnly: true });
    expect(learn.findings).toHaveLength(0);
    expect(learn.result.learned).toBe(3);
    const next = await scan(
      [record({ time: at(31, 9), name: 'PutObject' }), record({ time: at(31, 10), name: 'DeleteObject' })],
      {},
      { store: new FileBaselineStore(dir()) },
    );
    expect(next.findings.map((f) => f.value)).toEqual(['s3.amazonaws.com:DeleteObject']);
  });

  it('a rerun on the same state emits nothing new', async () => {
    const records = [...routine(20), record({ time: at(16, 11), name: 'DeleteBucket' })];
    const first = await scan(records);
    expect(first.findings).toHaveLength(1);
    const again = await scan(records, {}, { store: new FileBaselineStore(dir()) });
    expect(again.findings).toHaveLength(0);
  });

  it('processes late events and newer files in a later run, losing nothing at a day boundary', async () => {
    const base = [...routine(20), record({ time: at(16, 23, 59), name: 'DeleteBucket' })];
    const first = await scan(base, { lagMinutes: 120 });
    expect(first.findings.map((f) => f.value)).toEqual(['s3.amazonaws.com:DeleteBucket']);
    // Added later: an event from just before the watermark (late delivery) and one just after midnight.
    const late = record({ time: at(20, 9, 30), name: 'PutBucketAcl' });
    const afterMidnight = record({ time: at(21, 0, 0), name: 'PutBucketTagging' });
    const second = await scan(
      [...base, late, afterMidnight, ...routine(22).slice(-4)],
      { lagMinutes: 120 },
      { store: new FileBaselineStore(dir()) },
    );
    expect(second.findings.map((f) => f.value).sort()).toEqual([
      's3.amazonaws.com:PutBucketAcl',
      's3.amazonaws.com:PutBucketTagging',
    ]);
  });

  it('counts the same eventID delivered twice once', async () => {
    const twice = record({ time: at(16, 11), name: 'DeleteBucket', id: 'same-event' });
    const { findings } = await scan([...routine(20), twice, { ...twice }]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.count).toBe(1);
  });

  it("excludes calls AWS services make on a principal's behalf unless configured", async () => {
    const viaService = record({
      time: at(16, 11),
      name: 'CreateBucket',
      ip: 'cloudformation.amazonaws.com',
      extra: {},
    });
    (viaService.userIdentity as { invokedBy?: string }).invokedBy = 'cloudformation.amazonaws.com';
    expect((await scan([...routine(20), viaService])).findings).toHaveLength(0);
    await rm(dir(), { recursive: true, force: true });
    const included = await scan(
      [...routine(20), viaService],
      { includeServiceCalls: true },
      { store: new FileBaselineStore(makeTempDir('ct-run-')) },
    );
    expect(included.findings.map((f) => f.flags)).toEqual([['service-call:invoked-by']]);
  });
});
