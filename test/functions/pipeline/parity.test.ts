/**
 * One pipeline for every runtime, proven on the same files taken four ways:
 *   (a) one scan of the folder;
 *   (b) hourly agent runs over the Athena query (run by DuckDB as the Athena twin), DynamoDB on dynalite;
 *   (c) one scan of standard input (the records as JSONL, no delivery stamps);
 *   (d) scans of the folder as it grows hour by hour, with the same state;
 *   (e) a scan that thins the window rules against one that does not;
 *   (f) one file of the delivery files concatenated, a digest first and an Insight delivery among them.
 * All give the same findings, with planted among them: a burst of secret reads straddling a run
 * boundary, a rule event at 23:58 delivered after midnight, and a file delivered two hours late.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBaselineStore, documentClient } from '../../../functions/adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../../../functions/adapters/aws/shared/index.js';
import type { CloudTrailRecord } from '../../../functions/engine/cloudtrail/index.js';
import { type Config, DEFAULT_CONFIG } from '../../../functions/engine/config/index.js';
import type { Finding, FindingBus } from '../../../functions/engine/findings/index.js';
import { event, identity } from '../../../functions/engine/rules/case-builder.js';
import { generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { runAgent } from '../../../functions/pipeline/agent-run.js';
import { createLogger } from '../../../functions/pipeline/log.js';
import { runScan } from '../../../functions/pipeline/scan.js';
import {
  accountLocation,
  deliveryFiles,
  openTwinDuck,
  twinSource,
  writeDeliveryFile,
} from '../../support/athena-twin.js';
import { type LocalDynamo, startDynalite } from '../../support/dynalite.js';
import { useTempDir } from '../../support/temp-dir.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-02T00:00:00Z');
const DAYS = 2;
const END = START + DAYS * 86_400_000;
const ORG = 'o-parity0001';

const dir = useTempDir('ct-parity-', 'all');
let root: string;
let accounts: string[];
let regions: string[];
let config: Config;
const found: Record<'folder' | 'agent' | 'stdin' | 'growing', Finding[]> = {
  folder: [],
  agent: [],
  stdin: [],
  growing: [],
};
let dynamo: LocalDynamo;

/** Writes records as one delivery file of `account` in `region`, stamped `deliveredMs`. */
function deliver(account: string, region: string, deliveredMs: number, records: CloudTrailRecord[], tag: string): void {
  writeDeliveryFile(root, ORG, account, region, deliveredMs, records, tag);
}

const at = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The planted cases, in the first account. */
function plant(account: string): void {
  const ci = identity.role('ci-deployer', 'build-77', account);
  // 12 distinct secrets read from 13:40 to 14:20 on day 2, each delivered 4 minutes later.
  const burstStart = START + 86_400_000 + 13 * HOUR + 40 * 60_000;
  for (let i = 0; i < 12; i++) {
    const t = burstStart + i * 210_000;
    const read = event('secretsmanager', 'GetSecretValue', {
      as: ci,
      account,
      time: at(t),
      region: 'us-east-1',
      request: { secretId: `prod/parity/secret-${i}` },
    });
    deliver(account, 'us-east-1', Math.ceil((t + 4 * 60_000) / 60_000) * 60_000, [read], `burst${i}`);
  }
  // StopLogging at 23:58 on day 1, delivered at 00:03 the next day (the next day's folder).
  const stop = event('cloudtrail', 'StopLogging', {
    as: ci,
    account,
    time: at(START + 86_400_000 - 2 * 60_000),
    region: 'eu-west-1',
    request: { name: `arn:aws:cloudtrail:eu-west-1:${account}:trail/org-trail` },
  });
  deliver(account, 'eu-west-1', START + 86_400_000 + 3 * 60_000, [stop], 'midnight');
  // A file delivered two hours late: a trail deleted at 10:00 on day 2, stamped 12:00.
  const late = event('cloudtrail', 'DeleteTrail', {
    as: ci,
    account,
    time: at(START + 86_400_000 + 10 * HOUR),
    region: 'us-east-1',
    request: { name: 'audit-trail' },
  });
  deliver(account, 'us-east-1', START + 86_400_000 + 12 * HOUR, [late], 'latefile');
  // Two instances calling every 10 minutes from their own address for 40 hours (their calls before the last hours are
  // thinned at the source); the first one's credentials are used from a second address at 15:00 on day 2.
  const sessions = [
    { instance: 'i-0a1b2c3d4e5f60718', ip: '54.240.1.10' },
    { instance: 'i-0fedcba9876543210', ip: '54.240.7.77' },
  ];
  for (const [n, s] of sessions.entries()) {
    const as = { ...identity.instance('web-role', s.instance, account), accessKeyId: 'ASIAPARITYEXAMPLE' };
    for (let t = START + 4 * HOUR + n * 60_000; t < START + 44 * HOUR; t += 10 * 60_000) {
      const call = event('ec2', 'DescribeInstances', { as, account, time: at(t), region: 'us-east-1', ip: s.ip });
      const delivered = Math.ceil((t + 5 * 60_000) / 60_000) * 60_000;
      deliver(account, 'us-east-1', delivered, [call], `ec2-${n}-${t}`);
      // One delivery repeated: the same event in two files.
      if (t === START + 10 * HOUR + n * 60_000)
        deliver(account, 'us-east-1', delivered + 60_000, [call], `ec2-${n}-again`);
    }
  }
  // An application reading the same two SSM parameters every 10 minutes for 40 hours (thinned at the source too).
  const app = identity.role('app-config', 'task-1', account);
  for (let t = START + 4 * HOUR + 5 * 60_000; t < START + 44 * HOUR; t += 10 * 60_000) {
    const read = event('ssm', 'GetParameters', {
      as: app,
      account,
      time: at(t),
      region: 'us-east-1',
      request: { names: ['/app/db-url', '/app/db-password'], withDecryption: true },
    });
    deliver(account, 'us-east-1', Math.ceil((t + 5 * 60_000) / 60_000) * 60_000, [read], `ssm-${t}`);
  }
  const stolen = { ...identity.instance('web-role', sessions[0]!.instance, account), accessKeyId: 'ASIAPARITYEXAMPLE' };
  for (const [i, t] of [START + 39 * HOUR, START + 39 * HOUR + 4 * 60_000].entries()) {
    const call = event('s3', 'ListBuckets', {
      as: stolen,
      account,
      time: at(t),
      region: 'us-east-1',
      ip: '203.0.113.200',
    });
    deliver(account, 'us-east-1', t + 5 * 60_000, [call], `stolen-${i}`);
  }
}

const recordingBus = (into: Finding[]): FindingBus => ({
  publish: async (findings) => {
    into.push(...findings);
    return { published: findings.length, failed: [] };
  },
  heartbeat: async () => {},
});

/** One scan of `paths` (standard input when given) with its own state, as of a day after the data. */
const scanOnce = (paths: string[], state: string, stdin?: Readable) =>
  runScan({
    paths,
    ...(stdin ? { stdin } : {}),
    stateDir: join(dir(), state),
    config,
    learnOnly: false,
    nowMs: END + 86_400_000,
  });

const ids = (findings: readonly Finding[]): string[] =>
  [...new Set(findings.map((f) => `${f.kind} ${f.detectorId} ${f.id}`))].sort();

beforeAll(async () => {
  const options = resolveOptions({
    accounts: 2,
    days: DAYS,
    out: join(dir(), 'org'),
    seed: 'parity',
    start: new Date(START).toISOString().slice(0, 10),
    learningDays: 1,
    activity: 0.3,
    orgId: ORG,
  });
  if (!options.ok) throw new Error(options.reason);
  await generateOrganization(options.options);
  root = join(dir(), 'org');
  accounts = readdirSync(join(root, 'AWSLogs', ORG)).sort();
  plant(accounts[0]!);
  // The regions the trail records (the Glue table's projection lists them, as the deployment config does).
  regions = [...new Set(deliveryFiles(root).map((f) => relative(root, f.path).split('/')[4]!))].sort();
  config = {
    ...DEFAULT_CONFIG,
    learningDays: 1,
    windowMinutes: 60,
    lagMinutes: 5,
    organizationAccountIds: accounts,
  };
  dynamo = await startDynalite();
}, 120_000);

afterAll(async () => {
  await dynamo?.stop();
});

describe('the same findings whatever the runtime and however the input is cut', () => {
  it('(a) one scan of the folder finds the planted cases', async () => {
    const scan = await scanOnce([root], 'state-a');
    found.folder = scan.findings;
    const rules = scan.findings.filter((f) => f.kind === 'rule').map((f) => f.detectorId);
    expect(rules).toContain('aws.secretsmanager.secrets-retrieved-in-bulk');
    expect(rules).toContain('aws.cloudtrail.trail-stopped');
    expect(rules).toContain('aws.cloudtrail.trail-deleted');
    expect(rules.filter((r) => r === 'aws.sts.instance-credentials-used-off-instance')).toHaveLength(1);
    expect(scan.findings.filter((f) => f.kind === 'first-seen').length).toBeGreaterThan(0);
  });

  it('(b) hourly agent runs over the Athena twin give the same findings', async () => {
    const { connection, close } = await openTwinDuck();
    try {
      for (const account of accounts) {
        await dynamo.createTable(`parity-${account}`);
        const baseline = new DynamoBaselineStore({
          tableName: `parity-${account}`,
          client: documentClient(dynamo.client()),
          sleep: async () => {},
        });
        // The agent was deployed before the trail's first delivery.
        await baseline.putCheckpoint({
          accountId: account,
          delivered: { '*': new Date(START).toISOString() },
          watermark: new Date(START).toISOString(),
          updatedAt: new Date(START).toISOString(),
          runId: 'deploy',
        });
        const location = accountLocation(root, ORG, account);
        const files = () => deliveryFiles(location).map((f) => f.path);
        for (let now = START + HOUR; now <= END + 3 * HOUR; now += HOUR) {
          await runAgent(
            {
              config: { detection: config, maxWindowsPerRun: 1000 },
              accountId: account,
              region: 'us-east-1',
              source: twinSource(connection, { location, accountId: account, regions, files, nowMs: () => now }),
              baseline,
              bus: recordingBus(found.agent),
              counter: new AwsCallCounter(),
              log: createLogger('error', {}, () => {}),
              clock: () => new Date(now),
              emit: () => {},
            },
            { runId: `${account}-${now}`, remainingMs: () => 600_000 },
          );
        }
      }
    } finally {
      close();
    }
    expect(ids(found.agent)).toEqual(ids(found.folder));
  }, 300_000);

  it('(c) one scan of standard input gives the same findings', async () => {
    const lines = deliveryFiles(root).flatMap((f) =>
      (JSON.parse(gunzipSync(readFileSync(f.path)).toString('utf8')) as { Records: unknown[] }).Records.map((r) =>
        JSON.stringify(r),
      ),
    );
    const scan = await scanOnce(['-'], 'state-c', Readable.from([Buffer.from(`${lines.join('\n')}\n`)]));
    found.stdin = scan.findings;
    expect(ids(found.stdin)).toEqual(ids(found.folder));
  }, 120_000);

  it('(f) one file of the delivery files concatenated as zcat writes them, a digest first and an Insight delivery among them, gives the same findings', async () => {
    const digest = JSON.stringify({
      awsAccountId: accounts[0],
      digestStartTime: at(START),
      digestEndTime: at(START + HOUR),
      digestS3Bucket: 'trail-bucket',
      digestS3Object: 'AWSLogs/x/CloudTrail-Digest/us-east-1/2026/03/02/x.json.gz',
      logFiles: [],
    });
    const insight = JSON.stringify({
      Records: [
        {
          eventVersion: '1.07',
          eventTime: at(START + HOUR),
          awsRegion: 'us-east-1',
          eventID: 'insight-1',
          eventType: 'AwsCloudTrailInsight',
          recipientAccountId: accounts[0],
          sharedEventID: 'shared-1',
          insightDetails: { state: 'Start', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' },
          eventCategory: 'Insight',
        },
      ],
    });
    const deliveries = deliveryFiles(root).map((f) => gunzipSync(readFileSync(f.path)).toString('utf8'));
    const concatenated = join(dir(), 'all-deliveries.json');
    writeFileSync(concatenated, [digest, deliveries[0], insight, ...deliveries.slice(1)].join(''));
    const scan = await scanOnce([concatenated], 'state-f');
    expect(ids(scan.findings)).toEqual(ids(found.folder));
    // The digest and the Insight event are counted, not read as activity.
    expect(scan.summary.records.malformed).toEqual({ 'missing-eventName': 1, 'missing-eventTime': 1 });
  }, 120_000);

  it('(d) scans of the folder as it grows hour by hour give the same findings', async () => {
    const growing = join(dir(), 'growing');
    const state = join(dir(), 'state-d');
    const files = deliveryFiles(root);
    let copied = 0;
    for (let now = START + HOUR; now <= END + 3 * HOUR; now += HOUR) {
      let added = 0;
      while (copied < files.length && files[copied]!.deliveredMs <= now) {
        const f = files[copied++]!;
        const to = join(growing, relative(root, f.path));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(f.path, to);
        added++;
      }
      if (added === 0) continue;
      const scan = await runScan({ paths: [growing], stateDir: state, config, learnOnly: false, nowMs: now });
      await scan.commit();
      found.growing.push(...scan.findings);
    }
    expect(copied).toBe(files.length);
    expect(ids(found.growing)).toEqual(ids(found.folder));
  }, 300_000);

  it('(e) a scan that thins the window rules leaves the same findings and window states as one that does not', async () => {
    const scanned = async (name: string, until?: string) => {
      const stateDir = join(dir(), name);
      const scan = await runScan({
        paths: [root],
        stateDir,
        config,
        learnOnly: false,
        nowMs: END + 86_400_000,
        // Any account is thinned, however few its candidates (a large one needs THIN_FROM of them).
        thinFrom: 0,
        ...(until ? { until } : {}),
      });
      await scan.commit();
      const file = JSON.parse(readFileSync(join(stateDir, 'baseline', `${accounts[0]}.json`), 'utf8')) as {
        windowStates: Array<{ key: string }>;
      };
      return { findings: scan.findings, states: file.windowStates.sort((a, b) => a.key.localeCompare(b.key)) };
    };
    const thinned = await scanned('state-e1');
    // A scan cut at --until does not thin (its cut-offs would be reckoned from calls after the cut).
    const whole = await scanned('state-e2', new Date(END + 86_400_000).toISOString());
    expect(thinned.states.filter((s) => s.key.includes('i-0fedcba9876543210')).length).toBeGreaterThan(0);
    expect(thinned.states.filter((s) => s.key.includes('role/app-config')).length).toBeGreaterThan(0);
    expect(thinned.states).toEqual(whole.states);
    expect(thinned.findings).toEqual(whole.findings);
  }, 120_000);
});
