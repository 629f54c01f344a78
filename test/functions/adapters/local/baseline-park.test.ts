import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileBaselineStore } from '../../../../functions/adapters/local/baseline/file-store.js';
import type { BaselineEntry, PrincipalRecord, WindowState } from '../../../../functions/engine/baseline/index.js';
import { useTempDir } from '../../../support/temp-dir.js';

const A = '111122223333';
const B = '444455556666';
const dir = useTempDir('ct-park-');

const principal = (key: string): PrincipalRecord => ({
  principalKey: key,
  type: 'AssumedRole',
  arn: `arn:aws:iam::${A}:role/${key}`,
  name: key,
  firstSeen: '2026-11-01T09:00:00.000Z',
  lastSeen: '2026-11-20T09:00:00.000Z',
  expiresAt: '2027-02-18T09:00:00.000Z',
});
const entry = (key: string, value: string, expiresAt = '2027-02-18T09:00:00.000Z'): BaselineEntry => ({
  principalKey: key,
  dimension: 'action',
  value,
  firstSeen: '2026-11-01T09:00:00.000Z',
  lastSeen: '2026-11-20T09:00:00.000Z',
  expiresAt,
});
const windowState: WindowState = {
  key: 'aws.sts.instance-credentials-used-off-instance|assumed-role/web/i-0abc|v4',
  since: Date.parse('2026-11-20T06:00:00Z'),
  observations: [{ t: Date.parse('2026-11-20T09:01:00Z'), id: 'ev-1', targets: ['54.240.1.10'], flags: [] }],
  reported: [],
  expiresAt: '2026-11-20T13:01:00.000Z',
};

/** The same run's writes into a store: two accounts, one with an entry already expired at its watermark. */
async function fill(store: FileBaselineStore): Promise<void> {
  await store.commit(A, {
    principals: [principal('app-role'), principal('ci-role')],
    entries: [
      entry('app-role', 's3.amazonaws.com:GetObject'),
      entry('ci-role', 'iam.amazonaws.com:PassRole'),
      entry('ci-role', 'ec2.amazonaws.com:RunInstances', '2026-10-01T00:00:00.000Z'),
    ],
    windowStates: [windowState],
  });
  await store.putCheckpoint({
    accountId: A,
    delivered: { 'us-east-1': '2026-11-20T10:00:00Z' },
    watermark: '2026-11-20T09:59:00.000Z',
    updatedAt: '2026-11-20T10:05:00.000Z',
    runId: 'scan-1',
  });
  await store.markFilesRead(A, ['us-east-1/2026/11/20/a.json.gz']);
  await store.commit(B, {
    principals: [principal('admin')],
    entries: [entry('admin', 'sts.amazonaws.com:GetCallerIdentity')],
  });
}

/** Everything a scan reads back from an account. */
async function reads(store: FileBaselineStore, accountId: string) {
  return {
    accounts: await store.listAccounts(),
    entries: (await store.entriesOf(accountId)).map((e) => `${e.principalKey} ${e.value} ${e.expiresAt}`).sort(),
    principals: [...(await store.getPrincipals(accountId, ['app-role', 'ci-role', 'admin'])).values()],
    windowStates: [...(await store.getWindowStates(accountId, [windowState.key])).values()],
    checkpoint: (await store.getCheckpoint(accountId)) ?? null,
    filesRead: [...((await store.filesRead(accountId)) ?? [])],
  };
}

describe('accounts parked by the file baseline store', () => {
  it('reach their baseline files only at flush, written exactly as if they had stayed in memory', async () => {
    const parkDir = join(dir(), 'tmp', 'scan-1-baseline');
    const parking = new FileBaselineStore(join(dir(), 'parked'), { parkDir });
    const keeping = new FileBaselineStore(join(dir(), 'kept'));
    await fill(parking);
    await fill(keeping);
    await parking.park(A);
    await parking.park(B);
    expect((await readdir(parkDir)).sort()).toEqual([`${A}.json`, `${B}.json`]);
    // Nothing is where a rerun reads its baseline: a crash now loses no alert.
    expect(existsSync(join(dir(), 'parked', `${A}.json`))).toBe(false);
    expect(await new FileBaselineStore(join(dir(), 'parked')).getCheckpoint(A)).toBeUndefined();

    await parking.flush();
    await keeping.flush();
    expect(existsSync(parkDir)).toBe(false);
    for (const account of [A, B]) {
      const parked = await readFile(join(dir(), 'parked', `${account}.json`), 'utf8');
      expect(parked).toBe(await readFile(join(dir(), 'kept', `${account}.json`), 'utf8'));
    }
    // The entry expired at the watermark is purged at flush, as without parking.
    expect((await reads(new FileBaselineStore(join(dir(), 'parked')), A)).entries).toHaveLength(2);
  });

  it('read back as they were in memory', async () => {
    const store = new FileBaselineStore(join(dir(), 'baseline'), { parkDir: join(dir(), 'park') });
    await fill(store);
    const before = { a: await reads(store, A), b: await reads(store, B) };
    expect(before.a.entries).toHaveLength(3);
    expect(before.a.windowStates).toEqual([windowState]);
    expect(before.b.accounts).toEqual([A, B]);
    await store.park(A);
    await store.park(B);
    // B first: its entries are read through without loading it back, and A, not yet read, is still listed.
    expect(await reads(store, B)).toEqual(before.b);
    expect(await reads(store, A)).toEqual(before.a);
  });

  it('take later changes on top of what was parked', async () => {
    const store = new FileBaselineStore(join(dir(), 'baseline'), { parkDir: join(dir(), 'park') });
    await fill(store);
    await store.park(A);
    await store.commit(A, { principals: [], entries: [entry('app-role', 's3.amazonaws.com:PutObject')] });
    await store.flush();
    const values = (await new FileBaselineStore(join(dir(), 'baseline')).entriesOf(A)).map((e) => e.value).sort();
    expect(values).toEqual(['iam.amazonaws.com:PassRole', 's3.amazonaws.com:GetObject', 's3.amazonaws.com:PutObject']);
  });

  it('stay in memory while they hold a claim not yet confirmed (a claim is never written)', async () => {
    const store = new FileBaselineStore(join(dir(), 'baseline'), { parkDir: join(dir(), 'park') });
    const claimed = {
      ...entry('app-role', 'kms.amazonaws.com:Decrypt'),
      claim: { runId: 'scan-1', findingId: 'f-1', leaseUntil: '2026-11-20T10:20:00.000Z' },
    };
    expect((await store.claim(A, [claimed], '2026-11-20T10:05:00.000Z')).claimed).toHaveLength(1);
    await store.park(A);
    expect(existsSync(join(dir(), 'park', `${A}.json`))).toBe(false);
    const held = await store.getEntries(A, [claimed]);
    expect([...held.values()][0]?.claim?.runId).toBe('scan-1');
  });
});
