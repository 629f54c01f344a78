/**
 * Every dimension through the run protocol, in both baseline stores (the local JSON files and DynamoDB on
 * dynalite): learned silently in the learning period, a finding per new value after it, known values
 * refreshed, forgotten after the TTL, and the counts per dimension each store keeps for scoring.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryActivitySource } from '../../../../functions/engine/activity/aggregate-js.js';
import type { BaselineStore } from '../../../../functions/engine/baseline/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import { DEFAULT_DETECTION_CONFIG } from '../../../../functions/engine/config/index.js';
import { NOVELTY_DIMENSIONS, networkResolver } from '../../../../functions/engine/dimensions/index.js';
import { runAccount } from '../../../../functions/engine/detect/index.js';
import type { Finding } from '../../../../functions/engine/findings/index.js';
import { FileBaselineStore } from '../../../../functions/adapters/local/baseline/file-store.js';
import { MemoryBus } from '../../../../functions/adapters/local/memory-bus.js';
import { DynamoBaselineStore, documentClient } from '../../../../functions/adapters/aws/dynamodb/index.js';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite.js';
import { at, record } from '../../../support/records.js';
import { tinyAsnTable } from '../../../support/asn.js';
import { useTempDir } from '../../../support/temp-dir.js';

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;
const AGENT = 'aws-sdk-go-v2/1.36.5 ua/2.1 os/linux lang/go#1.24.4';
const dir = useTempDir('ct-dims-', 'all');
let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const stores: Record<string, () => Promise<BaselineStore>> = {
  'file store': async () => new FileBaselineStore(join(dir(), `files-${++tables}`)),
  'DynamoDB store (dynalite)': async () => {
    const table = `dims-${++tables}`;
    await dynamo.createTable(table);
    return new DynamoBaselineStore({ tableName: table, client: documentClient(dynamo.client()) });
  },
};

/** The role's routine: reads from its usual network (AS64500 in the test table) with its usual SDK, in eu-west-1. */
function routine(days: number): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  for (let d = 0; d <= days; d++)
    for (const name of ['ListBuckets', 'GetObject'])
      out.push(record({ time: at(d, 9, name.length), name, ip: '203.0.113.7', agent: AGENT }));
  return out;
}

async function run(store: BaselineStore, records: CloudTrailRecord[], ttlDays = 90): Promise<Finding[]> {
  const bus = new MemoryBus();
  await runAccount({
    accountId: ACCOUNT,
    source: new MemoryActivitySource(
      records.map((r) => ({ record: r })),
      { nowMs: Date.parse('2027-01-01T00:00:00Z'), futureToleranceMs: 15 * 60_000 },
    ),
    baseline: store,
    bus,
    config: { ...DEFAULT_DETECTION_CONFIG, ttlDays },
    now: '2027-01-01T00:00:00Z',
    runId: `run-${Math.random()}`,
    range: () => ({ delivered: { after: null, upTo: null }, next: {} }),
    dimensions: { dimensions: NOVELTY_DIMENSIONS, resolveNetwork: networkResolver(tinyAsnTable()) },
  });
  return bus.findings;
}

const byDimension = (findings: readonly Finding[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const f of findings) (out[f.dimension] ??= []).push(f.value);
  for (const list of Object.values(out)) list.sort();
  return out;
};

describe.each(Object.entries(stores))('dimensions in the %s', (_name, open) => {
  it('learns every dimension in the learning period and reports each new value after it, once', async () => {
    const store = await open();
    const learning = await run(store, routine(15));
    expect(learning).toEqual([]);

    // Day 20: the usual actions from a hosting provider with the CLI, in another region, one refused.
    const theft = [
      record({ time: at(20, 3), name: 'ListBuckets', ip: '192.0.2.44', region: 'ap-southeast-2' }),
      record({
        time: at(20, 3, 5),
        name: 'GetObject',
        ip: '192.0.2.44',
        errorCode: 'AccessDenied',
        region: 'ap-southeast-2',
      }),
    ];
    const findings = await run(store, theft);
    expect(byDimension(findings)).toEqual({
      network: ['as:64501'],
      client: ['aws-cli'],
      region: ['ap-southeast-2'],
      errorCode: ['denied'],
    });
    expect(findings.find((f) => f.dimension === 'network')).toMatchObject({
      detectorId: 'first-seen.network',
      title: 'app-role called from a new network: AS64501 (Example Hosting Ltd)',
      evidence: { sourceIps: ['192.0.2.44'] },
    });
    expect(await run(store, theft)).toEqual([]);

    // Both parts known, never together: the pair alone is new.
    const pair = [record({ time: at(21, 9), name: 'ListBuckets', ip: '203.0.113.7' })];
    expect(byDimension(await run(store, pair))).toEqual({ 'network+client': ['as:64500|aws-cli'] });

    const principal = (await store.getPrincipals(ACCOUNT, [ROLE])).get(ROLE)!;
    expect(principal.knownValues).toBe(2);
    expect(principal.known).toMatchObject({ network: 2, client: 2, region: 2, errorCode: 1, 'network+client': 3 });
  });

  it('forgets a network unused for the TTL: it is new again', async () => {
    const store = await open();
    await run(store, routine(15), 10);
    const away = [record({ time: at(16, 9), name: 'ListBuckets', ip: '192.0.2.44', agent: AGENT })];
    expect(byDimension(await run(store, away, 10))).toEqual({ network: ['as:64501'] });
    const back = [record({ time: at(40, 9), name: 'ListBuckets', ip: '192.0.2.45', agent: AGENT })];
    expect(byDimension(await run(store, [...routine(39).slice(32), ...back], 10)).network).toEqual(['as:64501']);
  });

  it('marks every finding of a record stamped in the future, read as of now', async () => {
    const store = await open();
    await run(store, routine(15), 400);
    const forged = [record({ time: '2027-06-01T00:00:00Z', name: 'DeleteBucket', ip: '192.0.2.44' })];
    const findings = await run(store, forged, 400);
    expect(byDimension(findings)).toMatchObject({ action: ['s3.amazonaws.com:DeleteBucket'], network: ['as:64501'] });
    for (const f of findings) {
      expect(f.flags, f.dimension).toContain('future-timestamp');
      expect(f.firstEventTime).toBe('2027-01-01T00:00:00.000Z');
    }
  });

  it('learns what AWS itself calls from (service names, internal agents) without reporting it', async () => {
    const store = await open();
    await run(store, routine(15));
    const internal = [record({ time: at(20, 9), name: 'ListBuckets', ip: 'AWS Internal', agent: 'AWS Internal' })];
    expect(await run(store, internal)).toEqual([]);
  });
});
