/**
 * AWS calls per agent run, and what they cost per account-month, next to the seeds' pattern (one
 * Athena query per role per run, DynamoDB calls per pair). A generated account (functions/generator)
 * runs through the REAL handler and adapters: DynamoDB calls go to dynalite; Athena answers from the
 * local DuckDB source over the generated files (the same rows the Athena SQL returns, DataScannedInBytes
 * = the generated files of the delivery days the query names); EventBridge is an in-process fake.
 * Run: `npx tsx bench/aws-calls.ts [--days 2] [--events-per-day 20000]`.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createHandler } from '../functions/detector/handler.js';
import { readDetectorEnv } from '../functions/detector/config.js';
import type { AgentReport } from '../functions/pipeline/agent-run.js';
import { buildDetectors } from '../functions/pipeline/detectors.js';
import { DEFAULT_CONFIG } from '../functions/engine/config/index.js';
import { documentClient } from '../functions/adapters/aws/dynamodb/index.js';
import { openDuck } from '../functions/adapters/local/duckdb/connection.js';
import { stageInputs } from '../functions/adapters/local/duckdb/staging.js';
import { DuckActivitySource } from '../functions/adapters/local/duckdb/activity-source.js';
import type { CloudTrailRecord } from '../functions/engine/cloudtrail/index.js';
import { discoverInputs } from '../functions/adapters/local/files/index.js';
import type { ActivityRow, CandidateFilter } from '../functions/engine/activity/index.js';
import { generateOrganization, resolveOptions } from '../functions/generator/index.js';
import { startDynalite } from '../test/support/dynalite.js';

/** Options of {@link benchAwsCalls}. */
export interface BenchAwsCallsOptions {
  /** Days of hourly runs after a day of backfill (default 2; the month is extrapolated). dynalite answers in ~7 ms a call. */
  days?: number;
  /** About this many events a day per generated account (default 20,000). */
  eventsPerDay?: number;
  /** Lambda memory in MB for the GB-s estimate (default 512). */
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
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ENV = {
  CT_BASELINE_TABLE: 'bench-baseline',
  CT_ATHENA_DATABASE: 'ct_anomaly',
  CT_ATHENA_TABLE: 'cloudtrail',
  CT_ATHENA_WORKGROUP: 'ct-anomaly',
  CT_BUS_ARN: 'arn:aws:events:us-east-1:999988887777:event-bus/ct-anomaly',
  CT_LOG_LEVEL: 'error',
};
/** The deployment's config in the bench: a one-day learning period (the backfill learns the first day). */
const CONFIG = { ...DEFAULT_CONFIG, learningDays: 1 };

// ---- a generated account, read by the local DuckDB source ---------------------------------------

interface Generated {
  accountId: string;
  source: DuckActivitySource;
  /** The account's delivery files: compressed size, delivery day (yyyy/MM/dd) and delivery time. */
  files: Array<{ bytes: number; day: string; deliveredMs: number }>;
  events: number;
  principals: number;
  close(): Promise<void>;
}

/** Generates a small organization and stages its busiest account in DuckDB. */
async function generatedAccount(
  days: number,
  eventsPerDay: number,
  start: string,
  candidates: CandidateFilter,
): Promise<Generated> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-bench-aws-'));
  const options = resolveOptions({
    accounts: 2,
    days,
    out: join(dir, 'org'),
    seed: 'aws-calls',
    start,
    learningDays: 1,
    activity: Math.max(0.1, eventsPerDay / 2000),
  });
  if (!options.ok) throw new Error(options.reason);
  await generateOrganization(options.options);
  const discovery = await discoverInputs([join(dir, 'org')]);
  const bytesBy = new Map<string, number>();
  for (const f of discovery.files)
    if (f.layout) bytesBy.set(f.layout.accountId, (bytesBy.get(f.layout.accountId) ?? 0) + f.size);
  const accountId = [...bytesBy].sort((x, y) => y[1] - x[1])[0]![0];
  const mine = discovery.files.filter((f) => f.layout?.accountId === accountId);
  const duck = await openDuck({ threads: 2, tempDirectory: join(dir, 'duck') });
  const staged = await stageInputs(duck, mine, null, {
    candidates,
    nowMs: Date.parse(start) + (days + 1) * DAY,
    futureToleranceMs: 15 * 60_000,
    windowMs: HOUR,
    tempDir: join(dir, 'tmp'),
  });
  const source = new DuckActivitySource(duck, staged.filesById);
  const principals = await source.principalCount(accountId);
  return {
    accountId,
    source,
    files: mine.map((f) => ({
      bytes: f.size,
      day: f.layout!.date.replace(/-/g, '/'),
      deliveredMs: Date.parse(f.layout!.deliveredAt ?? `${f.layout!.date}T23:59:59Z`),
    })),
    events: staged.records,
    principals,
    close: async () => {
      duck.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An activity row as Athena returns it: text by column name. */
function textRow(r: ActivityRow, candidates: readonly CloudTrailRecord[]): Record<string, string | null> {
  return {
    window_ms: String(Date.parse(r.windowStart)),
    pkey: r.principalKey,
    ptype: r.principalType,
    parn: r.principalArn,
    pname: r.principalName,
    paccount: r.principalAccountId,
    event_source: r.eventSource,
    event_name: r.eventName,
    service_call: r.serviceCall,
    cnt: String(r.count),
    errs: String(r.errorCount),
    error_codes: JSON.stringify(r.errorCodes),
    first_ms: String(Date.parse(r.firstEventTime)),
    last_ms: String(Date.parse(r.lastEventTime)),
    event_ids: JSON.stringify(r.sampleEventIds),
    source_ips: JSON.stringify(r.sourceIps),
    user_agents: JSON.stringify(r.userAgents),
    regions: JSON.stringify(r.regions),
    future_cnt: String(r.futureCount ?? 0),
    candidate_cnt: String(candidates.length),
    candidates: JSON.stringify(candidates.map((c) => JSON.stringify(c))),
  };
}

// ---- fakes answering like Athena and EventBridge ----------------------------------------------

function fakeAthena(account: Generated) {
  const queries = new Map<string, { rows: Array<Record<string, string | null>>; bytes: number }>();
  const served = { rows: 0, principalRows: 0 };
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> => {
    const input = command.input;
    switch (command.constructor.name) {
      case 'StartQueryExecutionCommand': {
        const sql = String(input.QueryString);
        const [from, to] = [...sql.matchAll(/eff_time [<>]=? from_iso8601_timestamp\('([^']+)'\)/g)].map((m) => m[1]!);
        const windowMs = Number(/\/ (\d+)\) AS BIGINT\) \* \d+ AS window_ms/.exec(sql)?.[1] ?? HOUR);
        const days = new Set(
          /"date" IN \(([^)]*)\)/
            .exec(sql)?.[1]
            ?.split(',')
            .map((d) => d.trim().replace(/'/g, '')) ?? [],
        );
        // Athena reads every file of the days named that exists when the query runs (now = to + lag)
        const now = Date.parse(to!) + 15 * 60_000;
        const bytes = account.files
          .filter((f) => days.has(f.day) && f.deliveredMs <= now)
          .reduce((n, f) => n + f.bytes, 0);
        const rows: Array<Record<string, string | null>> = [];
        for await (const w of account.source.windows({
          accountId: account.accountId,
          delivered: { after: from ?? null, upTo: to ?? null },
          windowMs,
          candidates: [{ eventNames: ['__any__'] }],
        })) {
          w.rows.forEach((r, i) => rows.push(textRow(r, i === 0 ? w.candidates : [])));
        }
        served.rows += rows.length;
        served.principalRows += rows.filter((row) => row.service_call === null).length;
        const id = `q-${queries.size + 1}`;
        queries.set(id, { rows, bytes });
        return { QueryExecutionId: id };
      }
      case 'GetQueryExecutionCommand': {
        const q = queries.get(String(input.QueryExecutionId))!;
        return {
          QueryExecution: {
            Status: { State: 'SUCCEEDED' },
            Statistics: { DataScannedInBytes: q.bytes, EngineExecutionTimeInMillis: 2000 + q.bytes / 100_000 },
          },
        };
      }
      case 'GetQueryResultsCommand': {
        const q = queries.get(String(input.QueryExecutionId))!;
        const start = Number(input.NextToken ?? 0);
        const page = q.rows.slice(start, start + 1000);
        const columns = Object.keys(q.rows[0] ?? { window_ms: '' });
        const datum = (values: Array<string | null>) => ({
          Data: values.map((v) => (v === null ? {} : { VarCharValue: v })),
        });
        return {
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns.map((Name) => ({ Name })) },
            Rows: [
              ...(start === 0 ? [datum(columns)] : []),
              ...page.map((row) => datum(columns.map((c) => row[c] ?? null))),
            ],
          },
          NextToken: start + 1000 < q.rows.length ? String(start + 1000) : undefined,
        };
      }
      default:
        return {};
    }
  };
  return { send: send as unknown as AthenaClient['send'], served };
}

function fakeEventBridge() {
  let billed = 0;
  const send = async (command: { input: { Entries?: Array<{ Detail?: string }> } }) => {
    const entries = command.input.Entries ?? [];
    for (const e of entries) billed += Math.max(1, Math.ceil(Buffer.byteLength(e.Detail ?? '') / 65_536));
    return { FailedEntryCount: 0, Entries: entries.map((_, i) => ({ EventId: `e-${i}` })) };
  };
  return { client: { send: send as unknown as EventBridgeClient['send'] }, billed: () => billed };
}

// ---- the bench -----------------------------------------------------------------------------------

/** Runs the bench and returns the lines to print. */
export async function benchAwsCalls(opts: BenchAwsCallsOptions = {}): Promise<string[]> {
  const days = opts.days ?? 2;
  const eventsPerDay = opts.eventsPerDay ?? 20_000;
  const memoryGb = (opts.lambdaMemoryMb ?? 512) / 1024;
  const startDay = '2026-11-02';
  const start = Date.parse(`${startDay}T00:00:00Z`);
  const detectors = buildDetectors(CONFIG);
  const account = await generatedAccount(days + 1, eventsPerDay, startDay, detectors.rules?.filter ?? []);
  const dynamo = await startDynalite();
  try {
    await dynamo.createTable('bench-baseline');
    const eventbridge = fakeEventBridge();
    const env = readDetectorEnv({ ...ENV, CT_ACCOUNT_ID: account.accountId });
    const athena = fakeAthena(account);
    const handler = (time: number) =>
      createHandler({
        env,
        loadConfig: async () => ({ config: CONFIG, warnings: [], ruleFiles: [], extraRules: [], version: null }),
        clients: { athena, dynamodb: documentClient(dynamo.client()), eventbridge: eventbridge.client },
        clock: () => new Date(time),
        sleep: async () => {},
        write: () => {},
      });
    const context = (time: number) => ({
      awsRequestId: `bench-${time}`,
      invokedFunctionArn: `arn:aws:lambda:us-east-1:${account.accountId}:function:ct-anomaly-detector`,
      getRemainingTimeInMillis: () => 600_000,
    });

    // learn the first day (one backfill), then run every hour
    const first = start + DAY + 20 * 60_000;
    const backfill = await handler(first - 5 * 60_000)({ backfill: { days: 1 } }, context(first - 5 * 60_000));
    const billedBefore = eventbridge.billed();
    const servedBefore = athena.served.principalRows;
    const reports: AgentReport[] = [];
    for (let t = first; t < start + (days + 1) * DAY; t += HOUR) reports.push(await handler(t)(undefined, context(t)));

    const runs = reports.length;
    const sum = (f: (r: AgentReport) => number): number => reports.reduce((n, r) => n + f(r), 0);
    const call = (name: string): number => sum((r) => r.calls[name] ?? 0);
    const perRun = (n: number): string => fmt(n / runs);
    const month = 730 / runs;
    const bytes = sum((r) => r.athena.bytesScanned);
    const billedBytes = sum((r) =>
      r.athena.queries === 0 ? 0 : Math.max(PRICE.athenaMinBytes * r.athena.queries, r.athena.bytesScanned),
    );
    const reads = sum((r) => r.items.read);
    const writes = sum((r) => r.items.written);
    const events = eventbridge.billed() - billedBefore;
    const gbS = (runs * 3 + (bytes / 1024 ** 3) * 10) * memoryGb;
    const ours = {
      athena: (billedBytes / TB) * PRICE.athenaPerTB * month,
      dynamo: ((reads * PRICE.readPerM + writes * PRICE.writePerM) / 1e6) * month,
      events: (events / 1e6) * PRICE.eventsPerM * month,
      lambda: (gbS * PRICE.lambdaPerGBs + (runs / 1e6) * PRICE.lambdaPerMRequests) * month,
    };
    const total = ours.athena + ours.dynamo + ours.events + ours.lambda;
    // the seeds: per run one query per role over the same delivery days (each query billed at least 10 MB),
    // and per (role, action) pair of the hour a GetItem and an UpdateItem
    const roles = Math.max(1, account.principals);
    const seedBilled = sum((r) => roles * Math.max(PRICE.athenaMinBytes, r.athena.bytesScanned));
    const pairsPerRun = (athena.served.principalRows - servedBefore) / runs;
    const seeds = {
      athena: (seedBilled / TB) * PRICE.athenaPerTB * month,
      dynamo: ((pairsPerRun * runs * (PRICE.readPerM + PRICE.writePerM)) / 1e6) * month,
    };
    const seedTotal = seeds.athena + seeds.dynamo;
    const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
    const dayBytes = account.files.reduce((n, f) => n + f.bytes, 0) / (days + 1);
    return [
      `aws-calls: generated account ${account.accountId}: ${account.principals} principals, ${fmt(account.events / (days + 1))} events/day, ${mb(dayBytes)}/day gzip in S3`,
      `aws-calls: backfill of 1 day (learn only): ${backfill.athena.queries} Athena query, ${mb(backfill.athena.bytesScanned)} scanned, ${backfill.learned} pairs learned, ${fmt(backfill.items.read)} read units, ${fmt(backfill.items.written)} write units`,
      `aws-calls: ${runs} hourly runs over ${days} day(s), per run: Athena ${perRun(call('athena:StartQueryExecution'))} query (${mb(bytes / runs)} scanned, ${perRun(call('athena:GetQueryExecution'))} polls, ${perRun(call('athena:GetQueryResults'))} result pages)`,
      `aws-calls: per run: DynamoDB ${perRun(call('dynamodb:BatchGetItem'))} BatchGetItem + ${perRun(call('dynamodb:GetItem'))} GetItem (${perRun(reads)} read units), ${perRun(call('dynamodb:UpdateItem'))} UpdateItem + ${perRun(call('dynamodb:PutItem'))} PutItem (${perRun(writes)} write units); EventBridge ${perRun(call('events:PutEvents'))} PutEvents (${perRun(events)} billed events); findings ${perRun(sum((r) => r.findings.firstSeen))} first-seen + ${perRun(sum((r) => r.findings.rule))} rule`,
      `aws-calls: ct-anomaly per account-month: Athena ${usd(ours.athena)} + DynamoDB ${usd(ours.dynamo)} + EventBridge ${usd(ours.events)} + Lambda ${usd(ours.lambda)} = ${usd(total)}`,
      `aws-calls: seeds' pattern on the same data (one query per role per run, GetItem+UpdateItem per pair): ${roles} queries/run, ${mb(seedBilled / runs)} billed/run; per account-month Athena ${usd(seeds.athena)} + DynamoDB ${usd(seeds.dynamo)} = ${usd(seedTotal)} (${(seedTotal / total).toFixed(1)}x ours)`,
      'aws-calls: assumptions: hourly schedule (730 runs/month); Athena reads whole delivery days (JSON has no pushdown) and bills >= 10 MB per query; Lambda 512 MB for ~3 s + 10 s/GB scanned per run; prices us-east-1 on-demand',
    ];
  } finally {
    await dynamo.stop();
    await account.close();
  }
}

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  for (const line of await benchAwsCalls({ days: arg('days'), eventsPerDay: arg('events-per-day') })) console.log(line);
}
