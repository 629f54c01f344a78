/**
 * AWS calls per agent run, and what they cost per account-month, next to the seeds' pattern (one
 * Athena query per role per run, DynamoDB calls per pair). A synthetic account (automation roles every
 * hour, people on workdays, AWS services, a trickle of new actions; until the generator lands) runs
 * through the REAL adapters and handler: DynamoDB calls go to dynalite; Athena and EventBridge to
 * in-process fakes answering like the services (rows per window, DataScannedInBytes per delivery day read).
 * Run: `npx tsx bench/aws-calls.ts [--days 1] [--events-per-day 200000] [--bytes-per-event 180]`.
 * @module
 */
import { pathToFileURL } from 'node:url';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createHandler } from '../functions/detector/handler.js';
import { readDetectorConfig } from '../functions/detector/config.js';
import type { AgentReport } from '../functions/detector/agent.js';
import { documentClient } from '../functions/adapters/aws/dynamodb/index.js';
import { startDynalite } from '../test/support/dynalite.js';

/** Options of {@link benchAwsCalls}. */
export interface BenchAwsCallsOptions {
  /** Simulated days of hourly runs (default 1; the month is extrapolated). dynalite answers in ~7 ms a call: ~30 s a day. */
  days?: number;
  /** Events per day in the account (default 200,000). */
  eventsPerDay?: number;
  /** Compressed bytes per event in S3, what Athena bills (default 180). */
  bytesPerEvent?: number;
  /** Lambda memory in MB for the GB-s estimate (default 512). */
  lambdaMemoryMb?: number;
}

const PRICE = { athenaPerTB: 5, athenaMinBytes: 10 * 1_048_576, readPerM: 0.125, writePerM: 0.625, eventsPerM: 1, lambdaPerGBs: 0.0000166667, lambdaPerMRequests: 0.2 };
const TB = 1024 ** 4;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const ACCOUNT = '123456789012';

// ---- the synthetic account ---------------------------------------------------------------------

interface Actor { key: string; type: string; name: string; pool: string[]; kind: 'automation' | 'person' | 'service' }

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['ec2', 's3', 'iam', 'sts', 'lambda', 'dynamodb', 'kms', 'logs', 'cloudwatch', 'sqs', 'sns', 'ecr', 'ecs', 'rds', 'ssm', 'secretsmanager'];
const VERBS = ['Describe', 'List', 'Get', 'Put', 'Create', 'Update', 'Delete', 'Tag', 'Attach', 'Start'];
const NOUNS = ['Instances', 'Buckets', 'Roles', 'Functions', 'Tables', 'Keys', 'LogEvents', 'Alarms', 'Queues', 'Topics', 'Images', 'Services', 'Parameters', 'Secrets'];
const action = (r: () => number): string => `${SERVICES[Math.floor(r() * SERVICES.length)]}.amazonaws.com:${VERBS[Math.floor(r() * VERBS.length)]}${NOUNS[Math.floor(r() * NOUNS.length)]}`;

function actors(): Actor[] {
  const r = prng(7);
  const pool = (n: number) => [...new Set(Array.from({ length: n }, () => action(r)))];
  return [
    ...Array.from({ length: 15 }, (_, i): Actor => ({ key: `arn:aws:iam::${ACCOUNT}:role/automation-${i}`, type: 'AssumedRole', name: `automation-${i}`, pool: pool(5 + Math.floor(r() * 20)), kind: 'automation' })),
    ...Array.from({ length: 25 }, (_, i): Actor => ({ key: `arn:aws:iam::${ACCOUNT}:role/AWSReservedSSO_Dev_${i}`, type: 'AssumedRole', name: `person-${i}`, pool: pool(20 + Math.floor(r() * 40)), kind: 'person' })),
    ...Array.from({ length: 5 }, (_, i): Actor => ({ key: `service:${SERVICES[i]}.amazonaws.com`, type: 'AWSService', name: `${SERVICES[i]}.amazonaws.com`, pool: pool(6), kind: 'service' })),
  ];
}

/** The activity rows of one hour, as Athena returns them (text by column name); deterministic per hour. */
function hourRows(all: readonly Actor[], hourMs: number, eventsPerDay: number): Array<Record<string, string | null>> {
  const r = prng(hourMs / HOUR);
  const d = new Date(hourMs);
  const workday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 8 && d.getUTCHours() < 18;
  const picked: Array<{ actor: Actor; action: string }> = [];
  for (const actor of all) {
    if (actor.kind === 'person' && !(workday && r() < 0.6)) continue;
    const actions = actor.kind === 'person' ? actor.pool.filter(() => r() < 0.25) : actor.pool;
    for (const a of actions) picked.push({ actor, action: a });
    if (actor.kind === 'person' && r() < 0.03) picked.push({ actor, action: action(r) }); // something new now and then
  }
  const perRow = Math.max(1, Math.round(eventsPerDay / 24 / Math.max(1, picked.length)));
  return picked.map(({ actor, action: a }) => {
    const [source, name] = a.split(':');
    const t = hourMs + Math.floor(r() * (HOUR - 1000));
    return {
      window_ms: String(hourMs), pkey: actor.key, ptype: actor.type, parn: actor.kind === 'service' ? null : actor.key, pname: actor.name, paccount: ACCOUNT,
      event_source: source!, event_name: name!, service_call: actor.kind === 'service' ? 'aws-service' : null, cnt: String(perRow), errs: '0', error_codes: '[]',
      first_ms: String(t), last_ms: String(t), event_ids: JSON.stringify([`${t}-${name}`]), source_ips: '["203.0.113.9"]', user_agents: '["aws-sdk-go-v2/1.30"]',
      regions: '["us-east-1"]', future_cnt: '0', candidate_cnt: '0', candidates: '[]',
    };
  });
}

// ---- fakes answering like Athena and EventBridge ----------------------------------------------

function fakeAthena(all: readonly Actor[], eventsPerDay: number, bytesPerEvent: number) {
  const queries = new Map<string, { rows: Array<Record<string, string | null>>; bytes: number }>();
  const served = { rows: 0, principalRows: 0 };
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }): Promise<unknown> => {
    const input = command.input;
    switch (command.constructor.name) {
      case 'StartQueryExecutionCommand': {
        const sql = String(input.QueryString);
        const [from, to] = [...sql.matchAll(/eff_time [<>]=? from_iso8601_timestamp\('([^']+)'\)/g)].map((m) => Date.parse(m[1]!));
        const dates = /"date" IN \(([^)]*)\)/.exec(sql)?.[1]?.split(',').map((s) => Date.parse(`${s.trim().replace(/'/g, '').replace(/\//g, '-')}T00:00:00Z`)) ?? [];
        const readUntil = (to ?? 0) + 15 * 60_000;
        const bytes = dates.reduce((n, day) => n + eventsPerDay * bytesPerEvent * Math.max(0, Math.min(1, (readUntil - day) / DAY)), 0);
        const rows: Array<Record<string, string | null>> = [];
        for (let h = Math.floor((from ?? 0) / HOUR) * HOUR; h < (to ?? 0); h += HOUR) {
          rows.push(...hourRows(all, h, eventsPerDay).filter((row) => Number(row.first_ms) >= (from ?? 0) && Number(row.first_ms) < (to ?? 0)));
        }
        served.rows += rows.length;
        served.principalRows += rows.filter((row) => row.service_call === null).length;
        const id = `q-${queries.size + 1}`;
        queries.set(id, { rows, bytes: Math.round(bytes) });
        return { QueryExecutionId: id };
      }
      case 'GetQueryExecutionCommand': {
        const q = queries.get(String(input.QueryExecutionId))!;
        return { QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: q.bytes, EngineExecutionTimeInMillis: 2000 + q.bytes / 100_000 } } };
      }
      case 'GetQueryResultsCommand': {
        const q = queries.get(String(input.QueryExecutionId))!;
        const start = Number(input.NextToken ?? 0);
        const page = q.rows.slice(start, start + 1000);
        const columns = Object.keys(q.rows[0] ?? { window_ms: '' });
        const datum = (values: Array<string | null>) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
        return {
          ResultSet: { ResultSetMetadata: { ColumnInfo: columns.map((Name) => ({ Name })) }, Rows: [...(start === 0 ? [datum(columns)] : []), ...page.map((row) => datum(columns.map((c) => row[c] ?? null)))] },
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
  const days = opts.days ?? 1;
  const eventsPerDay = opts.eventsPerDay ?? 200_000;
  const bytesPerEvent = opts.bytesPerEvent ?? 180;
  const memoryGb = (opts.lambdaMemoryMb ?? 512) / 1024;
  const all = actors();
  const start = Date.parse('2026-11-02T00:00:00Z');
  const dynamo = await startDynalite();
  try {
    await dynamo.createTable('bench-baseline');
    const eventbridge = fakeEventBridge();
    const config = readDetectorConfig({
      CT_BASELINE_TABLE: 'bench-baseline', CT_ATHENA_DATABASE: 'ct_anomaly', CT_ATHENA_TABLE: 'cloudtrail', CT_ATHENA_WORKGROUP: 'ct-anomaly',
      CT_BUS_ARN: 'arn:aws:events:us-east-1:999988887777:event-bus/ct-anomaly', CT_ACCOUNT_ID: ACCOUNT, CT_LOG_LEVEL: 'error', CT_LEARNING_DAYS: '1',
    });
    const athena = fakeAthena(all, eventsPerDay, bytesPerEvent);
    const handler = (time: number) =>
      createHandler({ config, clients: { athena, dynamodb: documentClient(dynamo.client()), eventbridge: eventbridge.client }, clock: () => new Date(time), sleep: async () => {}, write: () => {} });
    const context = (time: number) => ({ awsRequestId: `bench-${time}`, invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ct-anomaly-detector`, getRemainingTimeInMillis: () => 600_000 });

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
    const billedBytes = sum((r) => (r.athena.queries === 0 ? 0 : Math.max(PRICE.athenaMinBytes * r.athena.queries, r.athena.bytesScanned)));
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
    // the seeds: per run, one query per role over the day partition read so far (half a day on average), and per (role, action) pair of the hour a GetItem and an UpdateItem
    const roles = all.filter((a) => a.kind !== 'service').length;
    const seedBytesPerRun = roles * Math.max(PRICE.athenaMinBytes, (eventsPerDay * bytesPerEvent) / 2);
    const pairsPerRun = (athena.served.principalRows - servedBefore) / runs;
    const seeds = { athena: ((seedBytesPerRun * runs) / TB) * PRICE.athenaPerTB * month, dynamo: ((pairsPerRun * runs * (PRICE.readPerM + PRICE.writePerM)) / 1e6) * month };
    const seedTotal = seeds.athena + seeds.dynamo;
    const usd = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
    return [
      `aws-calls: synthetic account: ${all.length} principals (${roles} roles), ${eventsPerDay.toLocaleString('en-US')} events/day, ${bytesPerEvent} B/event gzip in S3`,
      `aws-calls: backfill of 1 day (learn only): ${backfill.athena.queries} Athena query, ${mb(backfill.athena.bytesScanned)} scanned, ${backfill.learned} pairs learned, ${backfill.items.read} read units, ${backfill.items.written} write units`,
      `aws-calls: ${runs} hourly runs over ${days} day(s), per run: Athena ${perRun(call('athena:StartQueryExecution'))} query (${mb(bytes / runs)} scanned, ${perRun(call('athena:GetQueryExecution'))} polls, ${perRun(call('athena:GetQueryResults'))} result pages)`,
      `aws-calls: per run: DynamoDB ${perRun(call('dynamodb:BatchGetItem'))} BatchGetItem + ${perRun(call('dynamodb:GetItem'))} GetItem (${perRun(reads)} read units), ${perRun(call('dynamodb:UpdateItem'))} UpdateItem + ${perRun(call('dynamodb:PutItem'))} PutItem (${perRun(writes)} write units); EventBridge ${perRun(call('events:PutEvents'))} PutEvents (${perRun(events)} billed events); ${perRun(sum((r) => r.findings.firstSeen))} findings`,
      `aws-calls: ct-anomaly per account-month: Athena ${usd(ours.athena)} + DynamoDB ${usd(ours.dynamo)} + EventBridge ${usd(ours.events)} + Lambda ${usd(ours.lambda)} = ${usd(total)}`,
      `aws-calls: seeds' pattern on the same data (one query per role per run, GetItem+UpdateItem per pair): ${roles} queries/run, ${mb(seedBytesPerRun)} scanned/run; per account-month Athena ${usd(seeds.athena)} + DynamoDB ${usd(seeds.dynamo)} = ${usd(seedTotal)} (${(seedTotal / total).toFixed(1)}x ours)`,
      'aws-calls: assumptions: hourly schedule (730 runs/month); Athena reads whole delivery days (JSON has no pushdown) and bills >= 10 MB per query; Lambda ~3 s + 10 s/GB scanned per run',
    ];
  } finally {
    await dynamo.stop();
  }
}

const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  for (const line of await benchAwsCalls({ days: arg('days'), eventsPerDay: arg('events-per-day'), bytesPerEvent: arg('bytes-per-event') })) console.log(line);
}
