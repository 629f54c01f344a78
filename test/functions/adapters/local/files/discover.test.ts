import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverInputs, type Discovery } from '../../../../../functions/adapters/local/files/discover.js';
import type { InputFile } from '../../../../../functions/adapters/local/files/index.js';
import { makeRecords } from '../../../engine/cloudtrail/support.js';
import { makeTempDir, useTempDir } from '../../../../support/temp-dir.js';

const delivery = gzipSync(JSON.stringify({ Records: makeRecords(3) }));
const ORG = 'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/ca-centralsouth-1r/2024/03/01';
const PLAIN = 'AWSLogs/444455556666/CloudTrail/us-east-1/2024/02/29';

/** The tree of an exported organization trail, with everything that is not events beside the logs. */
const tree: Record<string, Buffer | string> = {
  [`${ORG}/111122223333_CloudTrail_ca-centralsouth-1r_20240301T0005Z_Zq9YxWvUt8SrQp7O.json.gz`]: delivery,
  [`${ORG}/111122223333_CloudTrail_ca-centralsouth-1r_20240301T2355Z_Ab12Cd34Ef56Gh78.json.gz`]: delivery,
  [`${PLAIN}/444455556666_CloudTrail_us-east-1_20240229T1200Z_Mu0KsOhtH1ar15ZZ.json.gz`]: delivery,
  [`${PLAIN}/444455556666_CloudTrail_us-east-1_20240229T1210ZHdkvFTXOA3Vnhbc.json.gz`]: delivery,
  'AWSLogs/444455556666/CloudTrail-Digest/us-east-1/2024/02/29/444455556666_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240229T130000Z.json.gz':
    gzipSync(
      '{"awsAccountId":"444455556666","digestStartTime":"2024-02-29T12:00:00Z","digestS3Object":"x","logFiles":[]}',
    ),
  'AWSLogs/444455556666/CloudTrail-Insight/us-east-1/2024/02/29/444455556666_CloudTrail-Insight_us-east-1_20240229T1300Z_Ww3Xx4Yy5Zz6Aa7B.json.gz':
    delivery,
  'AWSLogs/444455556666/CloudTrail/us-east-1/2024/02/30/444455556666_CloudTrail_us-east-1_20240230T0000Z_bad-date.json.gz':
    delivery,
  'exports/lake-results.jsonl': makeRecords(2)
    .map((r) => JSON.stringify(r))
    .join('\n'),
  'exports/insight-copy.json':
    '{"Records":[{"eventVersion":"1.07","eventTime":"2024-02-29T12:00:00Z","eventType":"AwsCloudTrailInsight","eventName":"RunInstances"}]}',
  'exports/digest-copy.json':
    '{"awsAccountId":"444455556666","digestStartTime":"2024-02-29T12:00:00Z","digestS3Object":"x","logFiles":[]}',
  'exports/package.json': '{"name":"not-cloudtrail","version":"1.0.0"}',
  'exports/notes.txt': 'read me',
  'exports/report.csv.json': 'eventTime,eventName\n2024-01-01,ListBuckets\n',
  'exports/empty.json': '',
  'exports/empty-array.json': '[ ]',
  'exports/.DS_Store': 'binary',
};

const dir = useTempDir('ct-discover-', 'all');
let found: Listed;
const rel = (path: string) => relative(dir(), path);

/** A discovery with its files as a list (to compare and search them). */
type Listed = Omit<Discovery, 'files'> & { files: InputFile[] };
const listed = (d: Discovery): Listed => ({ ...d, files: [...d.files] });

beforeAll(async () => {
  for (const [path, bytes] of Object.entries(tree)) {
    await mkdir(dirname(join(dir(), path)), { recursive: true });
    await writeFile(join(dir(), path), bytes);
  }
  await symlink(join(dir(), 'AWSLogs'), join(dir(), 'AWSLogs', 'loop'));
  await symlink(join(dir(), 'nowhere.json'), join(dir(), 'exports', 'dangling.json'));
  found = listed(await discoverInputs([dir()]));
});

describe('discovering an exported trail', () => {
  it('finds the log files in sorted order, with and without the organization id segment', () => {
    expect(found.files.map((f) => rel(f.path))).toEqual([
      `${PLAIN}/444455556666_CloudTrail_us-east-1_20240229T1200Z_Mu0KsOhtH1ar15ZZ.json.gz`,
      `${PLAIN}/444455556666_CloudTrail_us-east-1_20240229T1210ZHdkvFTXOA3Vnhbc.json.gz`,
      'AWSLogs/444455556666/CloudTrail/us-east-1/2024/02/30/444455556666_CloudTrail_us-east-1_20240230T0000Z_bad-date.json.gz',
      `${ORG}/111122223333_CloudTrail_ca-centralsouth-1r_20240301T0005Z_Zq9YxWvUt8SrQp7O.json.gz`,
      `${ORG}/111122223333_CloudTrail_ca-centralsouth-1r_20240301T2355Z_Ab12Cd34Ef56Gh78.json.gz`,
      'exports/lake-results.jsonl',
    ]);
  });

  it('reads the partition values from the path and the delivery time from the name', () => {
    const byName = (part: string) => found.files.find((f) => f.path.includes(part))!;
    expect(byName('0005Z').layout).toEqual({
      orgId: 'o-a1b2c3d4e5',
      accountId: '111122223333',
      region: 'ca-centralsouth-1r',
      date: '2024-03-01',
      deliveredAt: '2024-03-01T00:05:00Z',
    });
    expect(byName('1200Z').layout).toEqual({
      orgId: null,
      accountId: '444455556666',
      region: 'us-east-1',
      date: '2024-02-29',
      deliveredAt: '2024-02-29T12:00:00Z',
    });
    expect(byName('1210ZHdkv').layout?.deliveredAt).toBe('2024-02-29T12:10:00Z');
    expect(byName('bad-date').layout).toBeNull();
    expect(byName('lake-results').layout).toBeNull();
  });

  it('takes S3-layout .json.gz files as delivery files without opening them, and sniffs the rest', () => {
    const layoutFiles = found.files.filter((f) => f.layout !== null);
    expect(layoutFiles.every((f) => f.format === 'delivery' && f.compressed && !f.sniffed)).toBe(true);
    expect(found.files.find((f) => f.path.endsWith('lake-results.jsonl'))).toMatchObject({
      format: 'lines',
      compressed: false,
      sniffed: true,
    });
  });

  it('skips digests, Insights and everything else with a counted reason, never silently', () => {
    const reasons = found.skipped.map((s) => `${s.reason} ${rel(s.path)}`);
    expect(reasons).toEqual([
      'digest AWSLogs/444455556666/CloudTrail-Digest/us-east-1/2024/02/29/444455556666_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240229T130000Z.json.gz',
      'insight AWSLogs/444455556666/CloudTrail-Insight/us-east-1/2024/02/29/444455556666_CloudTrail-Insight_us-east-1_20240229T1300Z_Ww3Xx4Yy5Zz6Aa7B.json.gz',
      'not-cloudtrail exports/.DS_Store',
      'unreadable exports/dangling.json',
      'digest exports/digest-copy.json',
      'empty exports/empty-array.json',
      'empty exports/empty.json',
      'insight exports/insight-copy.json',
      'not-cloudtrail exports/notes.txt',
      'not-cloudtrail exports/package.json',
      'not-cloudtrail exports/report.csv.json',
    ]);
  });

  it('does not loop on a link back to a parent folder, and reads each file once', async () => {
    expect(found.duplicates).toBe(0);
    const twice = listed(
      await discoverInputs([
        join(dir(), 'AWSLogs'),
        join(dir(), 'AWSLogs', '444455556666'),
        join(dir(), 'exports', 'lake-results.jsonl'),
      ]),
    );
    expect(twice.files.map((f) => rel(f.path))).toEqual(
      found.files
        .filter((f) => f.path.includes('AWSLogs'))
        .map((f) => rel(f.path))
        .concat('exports/lake-results.jsonl'),
    );
    // The account folder again: its three log files, its digest and its Insight file.
    expect(twice.duplicates).toBe(5);
  });

  it('reports progress on a large folder', async () => {
    const big = makeTempDir('ct-progress-');
    for (let i = 0; i < 1200; i++) await writeFile(join(big, `f${String(i).padStart(4, '0')}.txt`), '');
    const seen: number[] = [];
    const result = await discoverInputs([big], { onProgress: (paths) => seen.push(paths) });
    expect(seen).toEqual([512, 1024]);
    expect(result.skipped).toHaveLength(1200);
  });

  it('gives the same result every time', async () => {
    expect(listed(await discoverInputs([dir()]))).toEqual(found);
    expect(listed(await discoverInputs([dir()]))).toEqual(found);
  });
});

describe('paths named on the command line', () => {
  it('reads a named JSON file even without CloudTrail fields, and reports a missing one', async () => {
    const named = listed(
      await discoverInputs([join(dir(), 'exports', 'package.json'), join(dir(), 'missing.json'), '-']),
    );
    expect(named.files.map((f) => rel(f.path))).toEqual(['exports/package.json']);
    expect(named.skipped).toEqual([{ path: join(dir(), 'missing.json'), reason: 'not-found', detail: 'ENOENT' }]);
    expect(named.stdin).toBe(true);
  });

  it('still skips a named digest and a named non-JSON file', async () => {
    const named = listed(
      await discoverInputs([join(dir(), 'exports', 'digest-copy.json'), join(dir(), 'exports', 'notes.txt')]),
    );
    expect(named.files).toEqual([]);
    expect(named.skipped.map((s) => s.reason)).toEqual(['digest', 'not-cloudtrail']);
  });

  it.skipIf(process.getuid?.() === 0)(
    'reports a folder it cannot list and goes on (needs a non-root user)',
    async () => {
      const locked = join(dir(), 'locked');
      await mkdir(locked);
      await chmod(locked, 0o000);
      try {
        const result = await discoverInputs([locked, join(dir(), 'exports', 'lake-results.jsonl')]);
        expect(result.skipped).toEqual([{ path: locked, reason: 'unreadable', detail: 'EACCES' }]);
        expect(result.files.length).toBe(1);
      } finally {
        await chmod(locked, 0o755);
      }
    },
  );
});
