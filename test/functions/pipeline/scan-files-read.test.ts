/**
 * A folder scanned again with the same state reads exactly the delivery files it has not read: none twice,
 * a file copied in late (stamped before what was read) read and counted, a file read in part (a copy still
 * in progress) read again once complete.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Config, DEFAULT_CONFIG } from '../../../functions/engine/config/index.js';
import { event, identity } from '../../../functions/engine/rules/case-builder.js';
import { runScan } from '../../../functions/pipeline/scan.js';
import { writeDeliveryFile } from '../../support/athena-twin.js';
import { useTempDir } from '../../support/temp-dir.js';

const ACCOUNT = '123456789012';
const DAY = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const config: Config = { ...DEFAULT_CONFIG, learningDays: 0 };
const dev = identity.role('developer', 'dana', ACCOUNT);

const dir = useTempDir('ct-files-read-');
let root: string;
beforeEach(() => {
  root = join(dir(), 'logs');
});

const call = (name: string, ms: number, service = 's3') =>
  event(service, name, { as: dev, account: ACCOUNT, time: new Date(ms).toISOString(), region: 'us-east-1' });

/** Writes a file of calls delivered 5 minutes after the last. */
const deliver = (tag: string, records: ReturnType<typeof call>[]): string =>
  writeDeliveryFile(
    root,
    null,
    ACCOUNT,
    'us-east-1',
    Math.max(...records.map((r) => Date.parse(r.eventTime ?? ''))) + 5 * MIN,
    records,
    tag,
  );

/** A scan of the folder, not committed (as if it died before its commit). */
const scanOnly = () =>
  runScan({ paths: [root], stateDir: join(dir(), 'state'), config, learnOnly: false, nowMs: DAY + 3 * 86_400_000 });

async function scan() {
  const result = await scanOnly();
  await result.commit();
  return result;
}

/** The new actions found (new networks, clients and regions are found beside them, with no learning period). */
const values = (r: Awaited<ReturnType<typeof scan>>): string[] =>
  r.findings
    .filter((f) => f.dimension === 'action')
    .map((f) => f.value)
    .sort();

describe('a folder scanned again with the same state', () => {
  it('reads each delivery file once, however close to the last position', async () => {
    deliver('a', [call('ListBuckets', DAY + 10 * 60 * MIN)]);
    deliver('b', [call('GetObject', DAY + 10 * 60 * MIN + 5 * MIN)]);
    const first = await scan();
    expect(first.summary.files.read).toBe(2);
    expect(values(first)).toEqual(['s3.amazonaws.com:GetObject', 's3.amazonaws.com:ListBuckets']);

    // one more file, a minute after the last: only it is read
    deliver('c', [call('PutObject', DAY + 10 * 60 * MIN + 6 * MIN)]);
    const second = await scan();
    expect(second.summary.files.read).toBe(1);
    expect(second.summary.files.skipped['read-before']).toBe(2);
    expect(second.summary.files.late).toBe(0);
    expect(values(second)).toEqual(['s3.amazonaws.com:PutObject']);

    const third = await scan();
    expect(third.summary.files.read).toBe(0);
    expect(third.findings).toEqual([]);
  });

  it('reads a file copied in after later ones (stamped a day before), counts it late and finds what it holds', async () => {
    deliver('today', [call('ListBuckets', DAY + 12 * 60 * MIN)]);
    await scan();
    // the previous day's file, copied in after today's was scanned
    deliver('yesterday', [call('StopLogging', DAY - 6 * 60 * MIN, 'cloudtrail')]);
    const second = await scan();
    expect(second.summary.files.read).toBe(1);
    expect(second.summary.files.late).toBe(1);
    expect(second.findings.map((f) => f.detectorId)).toContain('aws.cloudtrail.trail-stopped');
    expect(values(second)).toContain('cloudtrail.amazonaws.com:StopLogging');
    // and it is not read a third time
    expect((await scan()).summary.files.read).toBe(0);
  });

  it('reads again a file that was cut short by a copy in progress, once it is complete', async () => {
    deliver('first', [call('ListBuckets', DAY + 9 * 60 * MIN)]);
    const records = Array.from({ length: 400 }, (_, i) =>
      call(i === 399 ? 'DeleteBucket' : 'GetObject', DAY + 10 * 60 * MIN + i * 100),
    );
    const path = deliver('partial', records);
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const first = await scan();
    expect(first.summary.files.malformed).toBe(1);
    expect(values(first)).not.toContain('s3.amazonaws.com:DeleteBucket');

    writeFileSync(path, whole);
    const second = await scan();
    expect(second.summary.files.read).toBe(1);
    expect(second.summary.files.malformed).toBe(0);
    expect(values(second)).toContain('s3.amazonaws.com:DeleteBucket');
  });
});

describe('temp folders of scans that died', () => {
  it('are removed by the next scan once untouched for 12 hours; recent and live ones are left alone', async () => {
    deliver('a', [call('ListBuckets', DAY + 10 * MIN)]);
    const tmp = join(dir(), 'state', 'tmp');
    // Pids above the kernel's largest (4,194,304) belong to no process; our parent is alive.
    const old = join(tmp, 'scan-4194999');
    // Accounts' states a scan set aside before its commit, which it never made.
    const oldStates = join(tmp, 'scan-4194997-baseline');
    const recent = join(tmp, 'scan-4194998');
    const live = join(tmp, `scan-${process.ppid}`);
    for (const folder of [old, oldStates, recent, live]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'candidates-0.parquet'), 'left behind');
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    for (const folder of [old, oldStates, live]) utimesSync(folder, twoDaysAgo, twoDaysAgo);
    await scan();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(oldStates)).toBe(false);
    // A dead pid here may be a live scan of another host sharing the state: kept until it is stale.
    expect(existsSync(join(recent, 'candidates-0.parquet'))).toBe(true);
    expect(existsSync(join(live, 'candidates-0.parquet'))).toBe(true);
  });
});

describe('a scan that dies before its commit', () => {
  it('has set each account aside, not written it: the rerun finds everything again', async () => {
    deliver('a', [call('ListBuckets', DAY + 10 * MIN), call('DeleteBucket', DAY + 20 * MIN)]);
    const died = await scanOnly();
    // Its window loop is over: the account's state waits in the scan's temp folder, not in the baseline.
    expect(readdirSync(join(dir(), 'state', 'tmp', `scan-${process.pid}-baseline`))).toEqual([`${ACCOUNT}.json`]);
    expect(existsSync(join(dir(), 'state', 'baseline', `${ACCOUNT}.json`))).toBe(false);
    const rerun = await scan();
    expect(values(rerun).sort()).toEqual(values(died).sort());
    expect(values(rerun)).toContain('s3.amazonaws.com:DeleteBucket');
    expect(existsSync(join(dir(), 'state', 'baseline', `${ACCOUNT}.json`))).toBe(true);
    expect(existsSync(join(dir(), 'state', 'tmp', `scan-${process.pid}-baseline`))).toBe(false);
  });
});

describe('evidence of first-seen findings', () => {
  it('is the sample records read back from their files, a file the JavaScript reader salvaged included', async () => {
    deliver('whole', [call('ListBuckets', DAY + 10 * MIN)]);
    const path = deliver(
      'cut',
      Array.from({ length: 400 }, (_, i) => call(i < 200 ? 'GetObject' : 'PutObject', DAY + 30 * MIN + i * 100)),
    );
    const whole = readFileSync(path);
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    const result = await scan();
    expect(result.summary.files.malformed).toBe(1);
    const actions = result.findings.filter((f) => f.dimension === 'action');
    expect(actions.map((f) => f.value)).toEqual(
      expect.arrayContaining(['s3.amazonaws.com:ListBuckets', 's3.amazonaws.com:GetObject']),
    );
    for (const f of actions) {
      expect(f.evidence.samples.length).toBeGreaterThan(0);
      f.evidence.samples.forEach((sample, i) => {
        expect(sample['eventID']).toBe(f.evidence.eventIds[i]);
        expect(`${String(sample['eventSource'])}:${String(sample['eventName'])}`).toBe(f.value);
      });
    }
  });
});
