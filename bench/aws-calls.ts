/**
 * The agent's schedule, measured: for each schedule, the event-to-alert latency (p50, p95, max) and the
 * AWS calls of a run with what they cost per account-month, next to the seeds' pattern (one Athena query
 * per role per run, DynamoDB calls per pair).
 *
 * A generated account (functions/generator, CloudTrail's delivery model: a file per region about every
 * 5 minutes, 1-5 minutes after its events) goes through the REAL agent run: the Athena query is run by
 * DuckDB over the files delivered by the run's clock (the Athena twin, test/support/athena-twin.ts; bytes
 * scanned = the files its object-name ranges select), the baseline lives in DynamoDB on dynalite. The
 * first day is learned by a backfill, then the agent runs on each schedule until the end of the data.
 *
 * An event is alerted on by the first run whose delivery position reaches its file's stamp (the run that
 * reads it publishes its findings, and the aggregator alerts on receipt), so its latency is that run's
 * start plus the run's time minus the event's time. A run's time is what it took here plus
 * {@link RUN_OVERHEAD_MS} for Athena's queueing and the aggregator.
 *
 * Run: `npx tsx bench/aws-calls.ts [--days 1] [--events-per-day 20000] [--schedules 5,15,60]`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DynamoBaselineStore, documentClient } from '../functions/adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../functions/adapters/aws/shared/index.js';
import { type Config, DEFAULT_CONFIG } from '../functions/engine/config/index.js';
import type { Finding, FindingBus } from '../functions/engine/findings/index.js';
import { generateOrganization, resolveOptions } from '../functions/generator/index.js';
import type { AgentReport } from '../functions/pipeline/agent-run.js';
import { AGENT_STREAM, runAgent } from '../functions/pipeline/agent-run.js';
import { createLogger } from '../functions/pipeline/log.js';
import { deployConfigSchema } from '../infra/config/schema.js';
import { accountLocation, deliveryFiles, openTwinDuck, twinSource } from '../test/support/athena-twin.js';
import { startDynalite } from '../test/support/dynalite.js';

/** Options of {@link benchAwsCalls}. */
export interface BenchAwsCallsOptions {
  /** Days of scheduled runs after a day of backfill (default 1; the month is extrapolated). */
  days?: number;
  /** About this many events a day in the measured account (default 20,000). */
  eventsPerDay?: number;
  /** Schedules to compare, in minutes (default 5, 15 and 60). */
  schedules?: number[];
  /** Lambda memory in MB for the GB-s estimate (default: the deployment's default). */
  lambdaMemoryMb?: number;
}

const PRICE = {
  athenaPerTB: 5,
  athenaMinBytes: 10 * 1_048_576,
  readPerM: 0.125,
  writePerM: 0.625,
  eventsPerM: 1,
  lambdaPerGBs: 0.0000166667,
  lambdaPerMRequests: 0.2,
};
const TB = 1024 ** 4;
const MINUTE = 60_000;
const DAY = 86_400_000;
const RUNS_PER_MONTH_AT = (minutes: number): number => (730 * 60) / minutes;
/** Added to every run's measured time: Athena's queueing and planning, then the aggregator's handling. */
export const RUN_OVERHEAD_MS = 30_000;
const ORG = 'o-benchaws001';
/** The deployment's defaults (what `cdktf deploy` sets when the config says nothing). */
const DEPLOY_DEFAULTS = deployConfigSchema.shape.agents.parse({ homeRegion: 'us-east-1' });

/** One event of the measured account: when it happened and when its file was delivered. */
interface Timed {
  eventMs: number;
  deliveredMs: number;
  /** Principal and action, for the seeds' per-pair calls. */
  pair: string;
}

/** What one schedule measured. */
interface ScheduleResult {
  minutes: number;
  runs: AgentReport[];
  /** Delivery position after each run, with the run's start. */
  positions: Array<{ at: number; position: number; tookMs: number }>;
  billedEvents: number;
  findings: number;
  backfill: AgentReport;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** A bus counting EventBridge's billed 64 KB chunks. */
function countingBus(): FindingBus & { billed: number; findings: number } {
  const bus = {
    billed: 0,
    findings: 0,
    async publish(findings: readonly Finding[]) {
      for (const f of findings) bus.billed += Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(f)) / 65_536));
      bus.findings += findings.length;
      return { published: findings.length, failed: [] };
    },
    async heartbeat() {
      bus.billed += 1;
    },
  };
  return bus;
}

/** Runs the bench and returns the lines to print. */
export async function benchAwsCalls(opts: BenchAwsCallsOptions = {}): Promise<string[]> {
  const days = opts.days ?? 1;
  const eventsPerDay = opts.eventsPerDay ?? 20_000;
  const schedules = opts.schedules ?? [5, 15, 60];
  const memoryGb = (opts.lambdaMemoryMb ?? DEPLOY_DEFAULTS.memoryMb) / 1024;
  const config: Config = { ...DEFAULT_CONFIG, learningDays: 1 };
  const start = Date.parse('2026-11-02T00:00:00Z');
  const end = start + (days + 1) * DAY;
  const dir = await mkdtemp(join(tmpdir(), 'ct-bench-aws-'));
  const options = resolveOptions({
    accounts: 2,
    days: days + 1,
    out: join(dir, 'org'),
    seed: 'aws-calls',
    start: new Date(start).toISOString().slice(0, 10),
    learningDays: 1,
    activity: Math.max(0.1, eventsPerDay / 2000),
    orgId: ORG,
  });
  if (!options.ok) throw new Error(options.reason);
  await generateOrganization(options.options);
  const root = join(dir, 'org');

  // the busiest account, its files and the time of each of its events
  const byAccount = new Map<string, Array<{ path: string; deliveredMs: number }>>();
  for (const f of deliveryFiles(root)) {
    const account = relative(join(root, 'AWSLogs', ORG), f.path).split('/')[0]!;
    byAccount.set(account, [...(byAccount.get(account) ?? []), f]);
  }
  const [accountId, files] = [...byAccount].sort((x, y) => y[1].length - x[1].length)[0]!;
  const location = accountLocation(root, ORG, accountId);
  const regions = [...new Set(files.map((f) => relative(location, f.path).split('/')[0]!))].sort();
  const bytesPerDay = files.reduce((n, f) => n + readFileSync(f.path).length, 0) / (days + 1);
  const principals = new Set<string>();
  const timed: Timed[] = files.flatMap((f) => {
    const { Records } = JSON.parse(gunzipSync(readFileSync(f.path)).toString('utf8')) as {
      Records: Array<{ eventTime: string; eventSource: string; eventName: string; userIdentity?: { arn?: string } }>;
    };
    for (const r of Records) if (r.userIdentity?.arn) principals.add(r.userIdentity.arn);
    return Records.map((r) => ({
      eventMs: Date.parse(r.eventTime),
      deliveredMs: f.deliveredMs,
      pair: `${r.userIdentity?.arn ?? ''} ${r.eventSource}:${r.eventName}`,
    }));
  });

  const { connection, close: closeDuck } = await openTwinDuck();
  const dynamo = await startDynalite();

  const runOnce = async (
    table: string,
    bus: FindingBus,
    now: number,
    backfill?: { from: string; to: string },
  ): Promise<AgentReport> => {
    const counter = new AwsCallCounter();
    // the twin lists only what CloudTrail had delivered by the run's clock
    const delivered = () => files.filter((f) => f.deliveredMs <= now).map((f) => f.path);
    return runAgent(
      {
        config: { detection: config, maxWindowsPerRun: DEPLOY_DEFAULTS.maxWindowsPerRun },
        accountId,
        region: 'us-east-1',
        source: twinSource(connection, { location, accountId, regions, files: delivered, nowMs: () => now, counter }),
        baseline: new DynamoBaselineStore({
          tableName: table,
          client: documentClient(dynamo.client()),
          counter,
          sleep: async () => {},
        }),
        bus,
        counter,
        log: createLogger('error', {}, () => {}),
        clock: () => new Date(now),
        emit: () => {},
      },
      { runId: `${table}-${now}`, remainingMs: () => 900_000, ...(backfill ? { backfill } : {}) },
    );
  };

  const measure = async (minutes: number): Promise<ScheduleResult> => {
    const table = `bench-every-${minutes}`;
    await dynamo.createTable(table);
    const bus = countingBus();
    // learn the first day (one backfill), then run on the schedule
    const learnedUpTo = new Date(start + DAY).toISOString();
    const backfill = await runOnce(table, bus, start + DAY + 5 * MINUTE, {
      from: new Date(start).toISOString(),
      to: learnedUpTo,
    });
    const billedBefore = bus.billed;
    const findingsBefore = bus.findings;
    const runs: AgentReport[] = [];
    const positions: ScheduleResult['positions'] = [];
    const store = new DynamoBaselineStore({ tableName: table, client: documentClient(dynamo.client()) });
    for (let t = start + DAY + minutes * MINUTE; t <= end + 30 * MINUTE; t += minutes * MINUTE) {
      const t0 = performance.now();
      const report = await runOnce(table, bus, t);
      const tookMs = performance.now() - t0;
      runs.push({ ...report, durationMs: tookMs });
      const checkpoint = await store.getCheckpoint(accountId);
      positions.push({
        at: t,
        position: Date.parse(checkpoint?.delivered[AGENT_STREAM] ?? learnedUpTo),
        tookMs: tookMs + RUN_OVERHEAD_MS,
      });
    }
    return {
      minutes,
      runs,
      positions,
      billedEvents: bus.billed - billedBefore,
      findings: bus.findings - findingsBefore,
      backfill,
    };
  };

  try {
    const lines: string[] = [
      `aws-calls: generated account ${accountId}: ${fmt(timed.length / (days + 1))} events/day in ${regions.length} regions, ${mb(bytesPerDay)}/day gzip in S3; detection lagMinutes ${config.lagMinutes}, windowMinutes ${config.windowMinutes}`,
    ];
    let hourly: { total: number; result: ScheduleResult } | null = null;
    for (const minutes of schedules) {
      const result = await measure(minutes);
      const { runs } = result;
      const n = runs.length;
      const sum = (f: (r: AgentReport) => number): number => runs.reduce((s, r) => s + f(r), 0);
      const call = (name: string): number => sum((r) => r.calls[name] ?? 0);
      const month = RUNS_PER_MONTH_AT(minutes) / n;
      const bytes = sum((r) => r.athena.bytesScanned);
      const billedBytes = sum((r) =>
        r.athena.queries === 0 ? 0 : Math.max(PRICE.athenaMinBytes * r.athena.queries, r.athena.bytesScanned),
      );
      const reads = sum((r) => r.items.read);
      const writes = sum((r) => r.items.written);
      const gbS = (sum((r) => r.durationMs) / 1000 + n * 3 + (bytes / 1024 ** 3) * 10) * memoryGb;
      const cost = {
        athena: (billedBytes / TB) * PRICE.athenaPerTB * month,
        dynamo: ((reads * PRICE.readPerM + writes * PRICE.writePerM) / 1e6) * month,
        events: (result.billedEvents / 1e6) * PRICE.eventsPerM * month,
        lambda: (gbS * PRICE.lambdaPerGBs + (n / 1e6) * PRICE.lambdaPerMRequests) * month,
      };
      const total = cost.athena + cost.dynamo + cost.events + cost.lambda;

      // event-to-alert: the first run whose position reaches the event's file
      const latencies: number[] = [];
      let unread = 0;
      for (const e of timed) {
        if (e.deliveredMs <= start + DAY) continue; // learned by the backfill
        const run = result.positions.find((p) => p.position >= e.deliveredMs);
        if (!run) unread += 1;
        else latencies.push(run.at + run.tookMs - e.eventMs);
      }
      latencies.sort((a, b) => a - b);
      const min = (ms: number): string => `${(ms / MINUTE).toFixed(1)} min`;
      const isDefault = minutes === DEPLOY_DEFAULTS.scheduleMinutes ? ' (the default)' : '';
      lines.push(
        `aws-calls: every ${minutes} min${isDefault}: event-to-alert p50 ${min(percentile(latencies, 50))}, p95 ${min(percentile(latencies, 95))}, max ${min(latencies.at(-1) ?? Number.NaN)} over ${fmt(latencies.length)} events${unread > 0 ? ` (${fmt(unread)} delivered after the last run)` : ''}; per account-month ${usd(total)} (Athena ${usd(cost.athena)} + DynamoDB ${usd(cost.dynamo)} + EventBridge ${usd(cost.events)} + Lambda ${usd(cost.lambda)})`,
        `aws-calls:   per run: Athena ${perRun(call('athena:StartQueryExecution'), n)} query, ${mb(bytes / n)} scanned; DynamoDB ${perRun(call('dynamodb:BatchGetItem'), n)} BatchGetItem + ${perRun(call('dynamodb:GetItem'), n)} GetItem (${perRun(reads, n)} read units), ${perRun(call('dynamodb:UpdateItem'), n)} UpdateItem + ${perRun(call('dynamodb:PutItem'), n)} PutItem (${perRun(writes, n)} write units); ${fmt(result.findings)} findings over ${n} runs of ${fmt(sum((r) => r.durationMs) / n)} ms each here`,
      );
      if (minutes === 60) hourly = { total, result };
    }
    if (hourly) {
      // the seeds: per hourly run one query per role over the same files (each query billed at least 10 MB),
      // and per (role, action) pair of the hour a GetItem and an UpdateItem
      const { result, total } = hourly;
      const runs = result.runs.length;
      const month = RUNS_PER_MONTH_AT(60) / runs;
      const roles = Math.max(1, principals.size);
      const seedBilled = result.runs.reduce(
        (n, r) => n + roles * Math.max(PRICE.athenaMinBytes, r.athena.bytesScanned),
        0,
      );
      // the distinct (principal, action) pairs each hourly run reads
      let pairs = 0;
      let before = start + DAY;
      for (const p of result.positions) {
        const read = new Set(
          timed.filter((e) => e.deliveredMs > before && e.deliveredMs <= p.position).map((e) => e.pair),
        );
        pairs += read.size;
        before = Math.max(before, p.position);
      }
      const seeds = {
        athena: (seedBilled / TB) * PRICE.athenaPerTB * month,
        dynamo: ((pairs * (PRICE.readPerM + PRICE.writePerM)) / 1e6) * month,
      };
      lines.push(
        `aws-calls: the seeds' pattern hourly on the same data (one query per role, GetItem+UpdateItem per pair): ${roles} queries/run; per account-month Athena ${usd(seeds.athena)} + DynamoDB ${usd(seeds.dynamo)} = ${usd(seeds.athena + seeds.dynamo)} (${((seeds.athena + seeds.dynamo) / total).toFixed(1)}x ours hourly)`,
      );
    }
    lines.push(
      `aws-calls: assumptions: a run takes its time here plus ${RUN_OVERHEAD_MS / 1000} s (Athena queueing, the aggregator); Athena bills >= 10 MB per query; Lambda ${memoryGb * 1024} MB for the run's time + 3 s + 10 s/GB scanned; prices us-east-1 on-demand; a month is 730 hours`,
    );
    return lines;
  } finally {
    await dynamo.stop();
    closeDuck();
    await rm(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const perRun = (n: number, runs: number): string => fmt(n / runs);
const mb = (bytes: number): string =>
  bytes < 1_048_576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1_048_576).toFixed(1)} MB`;
const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const num = (name: string): number | undefined => (arg(name) === undefined ? undefined : Number(arg(name)));
  for (const line of await benchAwsCalls({
    days: num('days'),
    eventsPerDay: num('events-per-day'),
    schedules: arg('schedules')?.split(',').map(Number),
  }))
    console.log(line);
}
