/**
 * The aggregator under load: findings from many accounts (with agent re-deliveries and a few actors
 * spread across accounts) go through the REAL handler (SQS batches of 10) and the DynamoDB state
 * adapter against dynalite, run as a separate process on loopback like a real DynamoDB endpoint.
 * Sinks are counting stand-ins (their cost is the network's, not ours).
 * Prints findings/s, alerts emitted, incidents found vs planted, and DynamoDB calls per finding.
 * Run: `npx tsx bench/aggregator.ts [--findings 10000] [--accounts 200] [--concurrency 4]`.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoAggregatorState, stateDocumentClient } from '../functions/adapters/aws/aggregator-state/index.js';
import { AwsCallCounter } from '../functions/adapters/aws/shared/index.js';
import { createAggregatorHandler } from '../functions/aggregator/handler.js';
import { createLogger } from '../functions/pipeline/log.js';
import { createAggregator, type AlertSink } from '../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../functions/engine/config/index.js';
import { firstSeenFindingId, ruleFindingId, type Alert, type Finding } from '../functions/engine/findings/index.js';

/** Options of {@link benchAggregator}. */
export interface BenchAggregatorOptions {
  /** Distinct findings (default 10,000). */
  findings?: number;
  /** Member accounts (default 200). */
  accounts?: number;
  /** Share of messages the agents deliver twice (default 0.1). */
  redeliveryRate?: number;
  /** Actors planted across several accounts (default 5). */
  actors?: number;
  /** Handler invocations in flight, like the event source mapping's maximum concurrency (default 4). */
  concurrency?: number;
}

const HOUR = 3_600_000;
const START = Date.parse('2026-11-20T00:00:00Z');
const ACTIONS = [
  'iam.amazonaws.com:CreateUser',
  'iam.amazonaws.com:AttachRolePolicy',
  'iam.amazonaws.com:CreateAccessKey',
  's3.amazonaws.com:PutBucketPolicy',
  's3.amazonaws.com:ListBuckets',
  'ec2.amazonaws.com:DescribeInstances',
  'ec2.amazonaws.com:RunInstances',
  'kms.amazonaws.com:Decrypt',
  'secretsmanager.amazonaws.com:GetSecretValue',
  'sts.amazonaws.com:GetCallerIdentity',
  'lambda.amazonaws.com:CreateFunction20150331',
  'cloudtrail.amazonaws.com:LookupEvents',
  'guardduty.amazonaws.com:ListDetectors',
  'organizations.amazonaws.com:DescribeOrganization',
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A public address of one principal's workload (unique per principal, as egress usually is). */
function publicIpOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return `52.${h[0]}.${h[1]}.${1 + (h[2]! % 250)}`;
}

interface Actor {
  account: string;
  role: string;
  accessKeyId: string;
  ip: string;
  session: string;
}

function finding(actor: Actor, action: string, hour: number, rule: boolean, n: number): Finding {
  const time = new Date(START + hour * HOUR + (n % 3_000_000)).toISOString();
  const windowStart = new Date(START + hour * HOUR).toISOString();
  const principalKey = `arn:aws:iam::${actor.account}:role/${actor.role}`;
  const [eventSource, eventName] = action.split(':') as [string, string];
  const eventId = uuid(`${actor.account}|${actor.role}|${action}|${n}`);
  return {
    schemaVersion: 1,
    id: rule
      ? ruleFindingId('aws.bench.rule', actor.account, eventId)
      : firstSeenFindingId(actor.account, principalKey, 'action', action),
    kind: rule ? 'rule' : 'first-seen',
    detectorId: rule ? 'aws.bench.rule' : 'first-seen.action',
    title: rule ? `Bench rule on ${eventName}` : `${actor.role} did ${eventName} for the first time`,
    accountId: actor.account,
    region: 'eu-west-1',
    principal: {
      key: principalKey,
      type: 'AssumedRole',
      arn: principalKey,
      name: actor.role,
      accountId: actor.account,
    },
    dimension: 'action',
    value: action,
    count: 1,
    errorCount: 0,
    firstEventTime: time,
    lastEventTime: time,
    window: { start: windowStart, end: new Date(START + (hour + 1) * HOUR).toISOString() },
    evidence: {
      eventIds: [eventId],
      sourceIps: [actor.ip],
      userAgents: ['aws-cli/2.17.32'],
      regions: ['eu-west-1'],
      errorCodes: [],
      samples: [
        {
          eventID: eventId,
          eventTime: time,
          eventSource,
          eventName,
          sourceIPAddress: actor.ip,
          userAgent: 'aws-cli/2.17.32',
          recipientAccountId: actor.account,
          userIdentity: {
            type: 'AssumedRole',
            accountId: actor.account,
            arn: `arn:aws:sts::${actor.account}:assumed-role/${actor.role}/${actor.session}`,
            accessKeyId: actor.accessKeyId,
          },
        },
      ],
    },
    severity: rule ? 'high' : 'medium',
    score: rule ? 70 : 45,
    reasons: [`${actor.role} had never called ${eventName}`],
    mitre: null,
    runbook: null,
    flags: [],
    context: {},
    detector: { name: 'ct-anomaly', version: 'bench' },
  };
}

/** The synthetic org: per-account principals with their own keys and addresses, plus planted actors spanning accounts. */
export function generate(o: Required<BenchAggregatorOptions>): {
  messages: string[];
  distinct: number;
  planted: number;
  plantedSpread: number[];
} {
  const rand = prng(42);
  const accounts = Array.from({ length: o.accounts }, (_, i) => String(100000000000 + i * 7919));
  const findings: Finding[] = [];
  let n = 0;
  // Planted actors hopping through OrganizationAccountAccessRole into 3-8 accounts within a few hours:
  // a new session key in every account, but the same address (even actors) or the same session name (odd ones).
  for (let a = 0; a < o.actors; a++) {
    const spread = 3 + (a % 6);
    for (let i = 0; i < spread; i++) {
      const account = accounts[(a * 37 + i * 11) % accounts.length]!;
      const accessKeyId = `ASIA${createHash('sha256').update(`actor${a}|${i}`).digest('hex').slice(0, 16).toUpperCase()}`;
      const ip = a % 2 === 0 ? `198.51.${10 + a}.20` : publicIpOf(`actor${a}|${i}`);
      const session = a % 2 === 0 ? `botocore-session-${1_700_000_000 + i}` : `intruder-${a}`;
      const actor = { account, role: 'OrganizationAccountAccessRole', accessKeyId, ip, session };
      for (let j = 0; j < 3; j++)
        findings.push(finding(actor, ACTIONS[(a * 3 + j) % ACTIONS.length]!, 3 + a, false, n++));
    }
  }
  const planted = o.actors;
  const plantedSpread = Array.from({ length: o.actors }, (_, a) => 3 + (a % 6)).sort((x, y) => y - x);
  // Ordinary new behaviour: per-account principals with their own session keys and private (VPC endpoint) or unique public addresses.
  const ids = new Set(findings.map((f) => f.id));
  const add = (f: Finding): void => {
    if (ids.has(f.id)) return;
    ids.add(f.id);
    findings.push(f);
  };
  while (findings.length < o.findings) {
    const account = accounts[Math.floor(rand() * accounts.length)]!;
    const p = Math.floor(rand() * 6);
    const actor = {
      account,
      role: `app-${p}-${account.slice(-4)}`,
      accessKeyId: `ASIA${account}${p}XYZ`,
      ip: rand() < 0.5 ? `10.${p}.0.${Math.floor(rand() * 250)}` : publicIpOf(`${account}|${p}`),
      session: `botocore-session-${Math.floor(rand() * 1e9)}`,
    };
    // A principal's new behaviour comes in groups: one window, one to eight new actions, sometimes a rule match.
    const hour = Math.floor(rand() * 24);
    const k = 1 + Math.floor(rand() * rand() * 8);
    const first = Math.floor(rand() * ACTIONS.length);
    for (let i = 0; i < k && findings.length < o.findings; i++)
      add(finding(actor, ACTIONS[(first + i) % ACTIONS.length]!, hour, false, n++));
    if (rand() < 0.15 && findings.length < o.findings) add(finding(actor, ACTIONS[first]!, hour, true, n++));
  }
  // Distinct by id (two picks of the same principal and action are one finding), then the agent's groups.
  const unique = [...new Map(findings.map((f) => [f.id, f])).values()];
  const groups = new Map<string, Finding[]>();
  for (const f of unique) {
    const k = `${f.accountId}|${f.principal.key}|${f.window.start}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const messages: string[] = [];
  for (const [groupKey, group] of groups) {
    const body = JSON.stringify({
      version: '0',
      id: uuid(groupKey),
      'detail-type': 'Anomaly Finding',
      source: 'ct-anomaly.agent',
      account: group[0]!.accountId,
      time: group[0]!.lastEventTime,
      region: 'eu-west-1',
      resources: [],
      detail: { schemaVersion: 1, groupKey, part: 0, parts: 1, findings: group },
    });
    messages.push(body);
    if (rand() < o.redeliveryRate) messages.push(body);
  }
  // Agents publish in any order; shuffle so re-deliveries land in other batches.
  for (let i = messages.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [messages[i], messages[j]] = [messages[j]!, messages[i]!];
  }
  return { messages, distinct: unique.length, planted, plantedSpread };
}

/** dynalite in its own process, on loopback. */
async function startDynaliteProcess(): Promise<{ endpoint: string; child: ChildProcess }> {
  const cli = createRequire(import.meta.url).resolve('dynalite/cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--host', '127.0.0.1', '--createTableMs', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /listening at: (\S+)/i.exec(chunk.toString());
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
  });
  return { endpoint, child };
}

/** Runs the bench; returns the lines to print. */
export async function benchAggregator(opts: BenchAggregatorOptions = {}): Promise<string[]> {
  const o: Required<BenchAggregatorOptions> = {
    findings: 10_000,
    accounts: 200,
    redeliveryRate: 0.1,
    actors: 5,
    concurrency: 4,
    ...opts,
  };
  const { messages, distinct, planted, plantedSpread } = generate(o);
  const { endpoint, child } = await startDynaliteProcess();
  const dynamo = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALBENCH', secretAccessKey: 'bench' },
  });
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: 'bench-state',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const counter = new AwsCallCounter();
    const emitted: Alert[] = [];
    const sink: AlertSink = {
      name: 'sns',
      send: async (alerts) => (emitted.push(...alerts), alerts.map((a) => ({ alertId: a.id, ok: true }))),
    };
    const log = createLogger('error', {}, () => undefined);
    let clock = START + 26 * HOUR;
    const states: DynamoAggregatorState[] = [];
    const handlers = Array.from({ length: o.concurrency }, (_, i) => {
      const state = new DynamoAggregatorState({
        tableName: 'bench-state',
        client: stateDocumentClient(dynamo),
        counter,
      });
      states.push(state);
      const aggregator = createAggregator({
        state,
        config: DEFAULT_AGGREGATOR_CONFIG,
        sinks: [sink],
        now: () => new Date((clock += 10)).toISOString(),
        owner: () => `bench-${i}`,
      });
      return createAggregatorHandler({ aggregator, log, emit: () => undefined });
    });
    const batches: Array<{ Records: Array<{ messageId: string; body: string }> }> = [];
    for (let i = 0; i < messages.length; i += 10)
      batches.push({ Records: messages.slice(i, i + 10).map((body, j) => ({ messageId: `m${i + j}`, body })) });

    let next = 0;
    let retried = 0;
    const started = performance.now();
    await Promise.all(
      handlers.map(async (handle) => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          const response = (await handle(batch)) as { batchItemFailures: Array<{ itemIdentifier: string }> };
          // Busy findings (another invocation held them) come back, as SQS would redeliver them.
          const again = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
          if (again.size > 0) {
            retried += again.size;
            batches.push({
              Records: batch.Records.filter((r) => again.has(r.messageId)).map((r) => ({
                ...r,
                messageId: `${r.messageId}r`,
              })),
            });
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const counts = counter.snapshot();
    const ddbCalls = counter.total('dynamodb');
    const kinds = emitted.reduce<Record<string, number>>((m, a) => ((m[a.kind] = (m[a.kind] ?? 0) + 1), m), {});
    const alertIds = new Set(emitted.map((a) => a.id));
    const incidents = new Map<string, number>();
    for (const a of emitted)
      if (a.kind === 'incident') incidents.set(a.id, Math.max(incidents.get(a.id) ?? 0, a.accounts.length));
    const incidentAccounts = [...incidents.values()].sort((a, b) => b - a);
    const purposes = states.reduce<Record<string, number>>((m, st) => {
      for (const [k, v] of Object.entries(st.updates)) m[k] = (m[k] ?? 0) + v;
      return m;
    }, {});
    const perPurpose = Object.entries(purposes)
      .map(([k, v]) => `${k} ${(v / distinct).toFixed(2)}`)
      .join(', ');
    const perOp = Object.entries(counts.calls)
      .filter(([k]) => k.startsWith('dynamodb:'))
      .map(([k, v]) => `${k.slice(9)} ${(v / distinct).toFixed(3)}`)
      .join(', ');
    return [
      `aggregator: ${distinct.toLocaleString('en-US')} distinct findings in ${messages.length.toLocaleString('en-US')} SQS messages (${(messages.length - new Set(messages).size).toLocaleString('en-US')} re-deliveries) from ${o.accounts} accounts, ${o.concurrency} concurrent invocations`,
      `aggregator: ${seconds.toFixed(1)} s, ${Math.round(distinct / seconds).toLocaleString('en-US')} findings/s (${batches.length} handler invocations, ${retried} messages retried as busy)`,
      `aggregator: ${emitted.length} alert deliveries for ${alertIds.size} alerts (${Object.entries(kinds)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}); ${incidents.size} incidents spanning ${incidentAccounts.slice(0, 8).join(', ') || '-'} accounts (${planted} actors planted in ${plantedSpread.join(', ')})`,
      `aggregator: DynamoDB ${(ddbCalls / distinct).toFixed(2)} calls per finding (${perOp}); items read ${(counts.items.read / distinct).toFixed(2)}, written ${(counts.items.written / distinct).toFixed(2)} per finding; UpdateItem by purpose: ${perPurpose}`,
    ];
  } finally {
    dynamo.destroy();
    child.kill();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const opts: BenchAggregatorOptions = {};
  const findings = arg('findings');
  const accounts = arg('accounts');
  const concurrency = arg('concurrency');
  if (findings) opts.findings = findings;
  if (accounts) opts.accounts = accounts;
  if (concurrency) opts.concurrency = concurrency;
  for (const line of await benchAggregator(opts)) console.log(line);
}
