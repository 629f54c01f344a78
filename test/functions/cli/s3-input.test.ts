/**
 * s3:// inputs end to end against an S3-compatible server started on loopback (s3rver): the layout is
 * listed and pruned before anything is fetched, downloaded into a cache that a rerun reuses and an
 * interrupted run completes, and errors read as one line and a hint.
 */
import { once } from 'node:events';
import { readdir, readFile, unlink, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyPath } from '../../../functions/engine/cloudtrail/index.js';
import { generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { runCli } from './support/run-cli.js';
import { useTempDir } from '../../support/temp-dir.js';

const BUCKET = 'trail-bucket';
const ENV_KEYS = [
  'AWS_ENDPOINT_URL_S3',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
] as const;

const dir = useTempDir('ct-s3-', 'all');
let org: string;
let server: S3rver;
let endpoint: string;
let files: string[];
const saved: Record<string, string | undefined> = {};

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

function useEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>>): void {
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, values);
}

beforeAll(async () => {
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  org = join(dir(), 'org');
  const resolved = resolveOptions({ out: org, accounts: 2, days: 3, seed: 's3', activity: 0.3 });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  // The SDK's current signing headers are not all in s3rver's canonical request: signatures are not
  // compared, access key ids still are (an unknown key is refused as AWS does).
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir(), 's3rver'),
    allowMismatchedSignatures: true,
  });
  const address = (await server.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  useEnv({
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir(), 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir(), 'no-credentials'),
  });
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1' });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  files = (await walk(join(org, 'AWSLogs'))).sort();
  for (let i = 0; i < files.length; i += 32) {
    await Promise.all(
      files
        .slice(i, i + 32)
        .map(async (path) =>
          client.send(
            new PutObjectCommand({ Bucket: BUCKET, Key: `exports/${relative(org, path)}`, Body: await readFile(path) }),
          ),
        ),
    );
  }
  client.destroy();
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('scan s3://bucket/prefix', () => {
  const cache = (): string => join(dir(), 'cache');
  const uri = `s3://${BUCKET}/exports/AWSLogs/`;
  let account: string;
  let wanted: string[];

  beforeAll(() => {
    const layouts = files.map((f) => ({ f, l: classifyPath(f).layout })).filter((x) => x.l !== null);
    account = layouts.map((x) => x.l!.accountId).sort()[0]!;
    // The selection: one account, us-east-1, delivery days from 2026-01-06 (--since, no learning history).
    wanted = layouts
      .filter((x) => x.l!.accountId === account && x.l!.region === 'us-east-1' && x.l!.date >= '2026-01-06')
      .filter((x) => x.f.includes('/CloudTrail/'))
      .map((x) => relative(join(org, 'AWSLogs'), x.f))
      .sort();
  });

  const scan = (...extra: string[]) =>
    runCli([
      'scan',
      uri,
      '--accounts',
      account,
      '--regions',
      'us-east-1',
      '--since',
      '2026-01-06',
      '--learning-days',
      '0',
      '--cache',
      cache(),
      '--no-state',
      '--format',
      'jsonl',
      ...extra,
    ]);

  it('lists only the selected accounts, regions and days, downloads them, and scans them like the local folder', async () => {
    const run = await scan();
    expect(run.code, run.err).toBe(0);
    const notice =
      /s3: .*: (\d+) objects selected \((\d+) (?:folders|objects) pruned.*; (\d+) fetched \(([\d.]+) MB, ([\d.]+) MB\/s, (\d+) objects\/s\), (\d+) from the cache/.exec(
        run.err,
      );
    expect(notice, run.err).not.toBeNull();
    expect(Number(notice![1])).toBe(wanted.length);
    expect(Number(notice![2])).toBeGreaterThan(0);
    expect(Number(notice![3])).toBe(wanted.length);
    console.log(
      `s3 download: ${notice![3]} objects, ${notice![4]} MB at ${notice![5]} MB/s, ${notice![6]} objects/s (loopback s3rver)`,
    );
    const cached = (await walk(join(cache(), BUCKET))).map((f) =>
      relative(join(cache(), BUCKET, 'exports', 'AWSLogs'), f),
    );
    expect(cached.sort()).toEqual(wanted);
    const local = await runCli([
      'scan',
      join(org, 'AWSLogs'),
      '--accounts',
      account,
      '--regions',
      'us-east-1',
      '--since',
      '2026-01-06',
      '--learning-days',
      '0',
      '--no-state',
      '--format',
      'jsonl',
    ]);
    const ids = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort();
    // The local scan also reads the other regions and the day before as history; the rule hits of the
    // selection are the same.
    const rules = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string; kind: string; findings: Array<{ region: string | null }> })
        .filter((a) => a.kind === 'rule' && a.findings.every((f) => f.region === 'us-east-1'))
        .map((a) => a.id)
        .sort();
    expect(rules(run.out).length).toBeGreaterThan(0);
    expect(rules(run.out)).toEqual(rules(local.out));
    expect(ids(run.out).length).toBeGreaterThan(0);
  }, 120_000);

  it('reuses the cache on a rerun and fetches only what an interrupted run left out', async () => {
    const rerun = await scan();
    expect(rerun.err).toMatch(new RegExp(`; 0 fetched \\(0\\.0 MB, .*\\), ${wanted.length} from the cache`));
    // An interrupted run: some files never arrived, and a partial download was left behind.
    const lost = wanted.filter((_, i) => i % 3 === 0);
    for (const f of lost) await unlink(join(cache(), BUCKET, 'exports', 'AWSLogs', f));
    await mkdir(join(cache(), '.partial'), { recursive: true });
    await writeFile(join(cache(), '.partial', 'leftover'), 'half a file');
    const resumed = await scan();
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toMatch(
      new RegExp(`; ${lost.length} fetched .*, ${wanted.length - lost.length} from the cache`),
    );
    const ids = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort();
    expect(ids(resumed.out)).toEqual(ids(rerun.out));
  }, 120_000);

  it('hunts over an s3:// input through the same cache', async () => {
    const run = await runCli([
      'hunt',
      uri,
      '--accounts',
      account,
      '--regions',
      'us-east-1',
      '--cache',
      cache(),
      '--since',
      '2026-01-06',
      '--ip',
      '0.0.0.0/0',
      '--format',
      'jsonl',
    ]);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/s3: .* 0 fetched/);
    expect(run.out.trim().split('\n').length).toBeGreaterThan(10);
  }, 120_000);

  it('explains a missing bucket in one line with a hint', async () => {
    const run = await runCli(['scan', 's3://no-such-bucket/AWSLogs/', '--no-state', '--cache', cache()]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(
      /^error: the bucket of s3:\/\/no-such-bucket\/AWSLogs\/ does not exist\nhint: check the name/,
    );
  });

  it('explains refused credentials in one line with a hint', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAWRONGWRONGWRONG1';
    try {
      const run = await runCli(['scan', uri, '--no-state', '--cache', cache()]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        /^error: your AWS credentials were refused reading s3:\/\/trail-bucket\/exports\/AWSLogs\/ \(InvalidAccessKeyId\)\nhint: refresh them/,
      );
    } finally {
      process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    }
  });

  it('explains access denied in one line with a hint', async () => {
    // A loopback stand-in answering as S3 does to a principal without s3:ListBucket.
    const denied: Server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>',
      );
    });
    denied.listen(0, '127.0.0.1');
    await once(denied, 'listening');
    process.env['AWS_ENDPOINT_URL_S3'] = `http://127.0.0.1:${(denied.address() as AddressInfo).port}`;
    try {
      const run = await runCli(['scan', uri, '--no-state', '--cache', cache()]);
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        /^error: access denied reading s3:\/\/trail-bucket\/exports\/AWSLogs\/\nhint: your credentials .* need s3:ListBucket/,
      );
    } finally {
      process.env['AWS_ENDPOINT_URL_S3'] = endpoint;
      denied.close();
    }
  });
});
