import { ListObjectsV2Command, type ListObjectsV2CommandInput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { listTrailObjects } from '../../../../../functions/adapters/aws/s3/index.js';

const ORG = 'AWSLogs/o-abcdefghij';
const keys = [
  ...['111122223333', '444455556666'].flatMap((account) =>
    ['us-east-1', 'eu-west-1'].flatMap((region) =>
      ['2026/01/30', '2026/01/31', '2026/02/01'].map(
        (day) =>
          `${ORG}/${account}/CloudTrail/${region}/${day}/${account}_CloudTrail_${region}_${day.replace(/\//g, '')}T0005Z_abc.json.gz`,
      ),
    ),
  ),
  `${ORG}/111122223333/CloudTrail-Digest/us-east-1/2026/01/31/digest.json.gz`,
  'exports/extra.jsonl',
];

/** ListObjectsV2 as S3 answers it (prefix, delimiter, pages of `pageSize`), recording each call. */
function fakeS3(pageSize = 2) {
  const calls: ListObjectsV2CommandInput[] = [];
  const mock = mockClient(S3Client);
  mock.on(ListObjectsV2Command).callsFake((input: ListObjectsV2CommandInput) => {
    calls.push(input);
    const prefix = input.Prefix ?? '';
    const under = keys.filter((k) => k.startsWith(prefix)).sort();
    const entries: Array<{ key?: string; prefix?: string }> = [];
    for (const k of under) {
      const rest = k.slice(prefix.length);
      const i = input.Delimiter ? rest.indexOf(input.Delimiter) : -1;
      const common = i >= 0 ? prefix + rest.slice(0, i + 1) : null;
      if (common === null) entries.push({ key: k });
      else if (!entries.some((e) => e.prefix === common)) entries.push({ prefix: common });
    }
    const start = Number(input.ContinuationToken ?? 0);
    const page = entries.slice(start, start + pageSize);
    const more = start + pageSize < entries.length;
    return {
      Contents: page.filter((e) => e.key).map((e) => ({ Key: e.key, Size: 10 })),
      CommonPrefixes: page.filter((e) => e.prefix).map((e) => ({ Prefix: e.prefix })),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(start + pageSize) } : {}),
    };
  });
  return { client: new S3Client({ region: 'us-east-1' }), calls, mock };
}

describe('listing an S3 trail prefix', () => {
  it('descends only into the selected accounts, regions and days, across pages', async () => {
    const { client, calls, mock } = fakeS3();
    const listing = await listTrailObjects({
      client,
      bucket: 'trail',
      prefix: 'AWSLogs/',
      select: { accounts: ['444455556666'], regions: ['eu-west-1'], fromDay: '2026-01-31', toDay: '2026-01-31' },
    });
    expect(listing.objects.map((o) => o.key)).toEqual([
      `${ORG}/444455556666/CloudTrail/eu-west-1/2026/01/31/444455556666_CloudTrail_eu-west-1_20260131T0005Z_abc.json.gz`,
    ]);
    const listed = calls.map((c) => c.Prefix ?? '');
    expect(listed.some((p) => p.includes('111122223333'))).toBe(false);
    expect(listed.some((p) => p.includes('us-east-1'))).toBe(false);
    expect(listed.some((p) => p.includes('CloudTrail-Digest'))).toBe(false);
    expect(listed.some((p) => p.endsWith('/01/30/') || p.endsWith('/02/'))).toBe(false);
    expect(listing.pruned).toBeGreaterThanOrEqual(4);
    expect(listing.flat).toBe(false);
    mock.restore();
  });

  it('starts from a prefix inside the layout and keeps files outside it', async () => {
    const { client, mock } = fakeS3(100);
    const inside = await listTrailObjects({
      client,
      bucket: 'trail',
      prefix: `${ORG}/111122223333/CloudTrail/us-east-1`,
      select: { fromDay: '2026-02-01' },
    });
    expect(inside.objects).toHaveLength(1);
    const outside = await listTrailObjects({
      client,
      bucket: 'trail',
      prefix: 'exports/',
      select: { accounts: ['1'] },
    });
    expect(outside.objects.map((o) => o.key)).toEqual(['exports/extra.jsonl']);
    const pruned = await listTrailObjects({
      client,
      bucket: 'trail',
      prefix: `${ORG}/111122223333/`,
      select: { accounts: ['444455556666'] },
    });
    expect(pruned.objects).toEqual([]);
    expect(pruned.calls).toBe(0);
    mock.restore();
  });
});
