/**
 * `ct-anomaly backfill`: learns one account's baseline from the last N days of its CloudTrail, through
 * Athena into the agent's DynamoDB table, without emitting findings. Run it from a workstation with
 * credentials for the member account, after deploying the agent and before (or any time after) its first run.
 * @module
 */
import { parseArgs } from 'node:util';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { documentClient } from '../../adapters/aws/dynamodb/index.js';
import { AwsCallCounter } from '../../adapters/aws/shared/index.js';
import type { FindingBus } from '../../engine/findings/index.js';
import { runAgent, type AgentReport } from '../../detector/agent.js';
import { ConfigError, type DetectorConfig, readDetectorConfig } from '../../detector/config.js';
import { parseDetectorEvent } from '../../detector/event.js';
import { createLogger } from '../../shared/log.js';
import { createAdapters } from '../../detector/wiring.js';

/** Where the command writes (the CLI's CommandIo). */
interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage: ct-anomaly backfill --account ID --table TABLE --database DB --athena-table TABLE --workgroup WG [options]

Learns the baseline of one member account from the last N days of its CloudTrail (one Athena query),
writing it to the agent's DynamoDB table. Emits no findings. Uses the AWS credentials of your shell.

Options (each also read from the agent's environment variable in brackets):
  --days N               days to learn, ending at now minus the delivery lag (default 90)
  --from TIME --to TIME  learn exactly [from, to) instead (ISO times), e.g. to split a large account
                         into slices that fit the workgroup's bytes-scanned cutoff
  --account ID           the member account (CT_ACCOUNT_ID)
  --table NAME           the agent's baseline table (CT_BASELINE_TABLE)
  --database NAME        the Glue database (CT_ATHENA_DATABASE)
  --athena-table NAME    the CloudTrail table (CT_ATHENA_TABLE)
  --workgroup NAME       the Athena workgroup (CT_ATHENA_WORKGROUP)
  --regions a,b          trail regions to read (default: all projected) (CT_TRAIL_REGIONS)
  --bus-arn ARN          also send an Agent Heartbeat to the central bus (CT_BUS_ARN)
  --region REGION        AWS region of the agent (AWS_REGION)
  --timeout MINUTES      give up on the Athena query after this long (default 30)
  --verbose              log every window (JSON lines on stderr)
  -h, --help             this text

Example:
  AWS_PROFILE=member-123 npx ct-anomaly backfill --days 90 --account 123456789012 \\
    --table ct-anomaly-baseline --database ct_anomaly --athena-table cloudtrail --workgroup ct-anomaly`;

const NO_BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/none';

/** The `backfill` command. */
export const backfillCommand = {
  name: 'backfill',
  summary: 'learn an account baseline from the last N days through Athena into DynamoDB (no findings)',
  usage: USAGE,
  async run(argv: string[], io: Io): Promise<number> {
    // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call below
    let args;
    try {
      args = parseArgs({
        args: argv,
        allowPositionals: false,
        options: {
          days: { type: 'string', default: '90' },
          from: { type: 'string' },
          to: { type: 'string' },
          account: { type: 'string' },
          table: { type: 'string' },
          database: { type: 'string' },
          'athena-table': { type: 'string' },
          workgroup: { type: 'string' },
          regions: { type: 'string' },
          'bus-arn': { type: 'string' },
          region: { type: 'string' },
          timeout: { type: 'string', default: '30' },
          verbose: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      }).values;
    } catch (error) {
      io.stderr.write(
        `error: ${error instanceof Error ? error.message : String(error)}\nhint: run "ct-anomaly backfill --help" for the options\n`,
      );
      return 2;
    }
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const env = process.env;
    const pick = (flag: string | undefined, name: string): string | undefined => flag ?? (env[name] || undefined);
    let config: DetectorConfig;
    try {
      config = readDetectorConfig({
        ...env,
        CT_ACCOUNT_ID: pick(args.account, 'CT_ACCOUNT_ID'),
        CT_BASELINE_TABLE: pick(args.table, 'CT_BASELINE_TABLE'),
        CT_ATHENA_DATABASE: pick(args.database, 'CT_ATHENA_DATABASE'),
        CT_ATHENA_TABLE: pick(args['athena-table'], 'CT_ATHENA_TABLE'),
        CT_ATHENA_WORKGROUP: pick(args.workgroup, 'CT_ATHENA_WORKGROUP'),
        CT_TRAIL_REGIONS: pick(args.regions, 'CT_TRAIL_REGIONS'),
        CT_BUS_ARN: pick(args['bus-arn'], 'CT_BUS_ARN') ?? NO_BUS,
        CT_LOG_LEVEL: args.verbose ? 'debug' : 'warn',
      });
      if (config.accountId === null)
        throw new ConfigError('the account is required: --account 123456789012 (or CT_ACCOUNT_ID)');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(
        `error: ${message.replace(/Environment variable (CT_\w+) is required/, (_, v: string) => `${flagOf(v)} is required (or ${v})`)}\nhint: run "ct-anomaly backfill --help" for the options\n`,
      );
      return 2;
    }
    const days = Number(args.days);
    const timeoutMinutes = Number(args.timeout);
    if (!Number.isInteger(days) || days < 1 || days > 3650 || !(timeoutMinutes > 0)) {
      io.stderr.write('error: --days must be an integer from 1 to 3650 and --timeout a positive number of minutes\n');
      return 2;
    }
    const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const clients = {
      athena: new AthenaClient({ region }),
      dynamodb: documentClient(new DynamoDBClient({ region })),
      eventbridge: new EventBridgeClient({ region }),
    };
    const counter = new AwsCallCounter();
    const adapters = createAdapters(config, clients, counter, { queryTimeoutMs: timeoutMinutes * 60_000 });
    const sendHeartbeat = config.busArn !== NO_BUS;
    const bus: FindingBus = {
      publish: async (findings) => ({
        published: 0,
        failed: findings.map((finding) => ({ finding, reason: 'backfill emits no findings' })),
      }),
      heartbeat: async (beat) => (sendHeartbeat ? adapters.bus.heartbeat(beat) : undefined),
    };
    const request = parseDetectorEvent(
      {
        backfill:
          args.from !== undefined
            ? { from: args.from, ...(args.to !== undefined ? { to: args.to } : {}) }
            : { days, ...(args.to !== undefined ? { to: args.to } : {}) },
      },
      Date.now(),
      config.detection.lagMinutes,
    );
    if (!request.ok || request.request.kind !== 'backfill') {
      io.stderr.write(
        `error: ${request.ok ? 'not a backfill' : request.reason.replace('backfill.', '--').replace('"days"', '--days').replace('"from"', '--from')}\n`,
      );
      return 2;
    }
    io.stderr.write(
      `learning account ${config.accountId}: ${request.request.from} .. ${request.request.to} (one Athena query)\n`,
    );
    try {
      const report = await runAgent(
        {
          config,
          accountId: config.accountId,
          region: region ?? null,
          ...adapters,
          bus,
          counter,
          log: createLogger(config.logLevel, { command: 'backfill' }, (l) => io.stderr.write(`${l}\n`)),
          clock: () => new Date(),
          emit: () => {},
        },
        {
          runId: `backfill-${Date.now()}`,
          remainingMs: () => Number.MAX_SAFE_INTEGER,
          backfill: { from: request.request.from, to: request.request.to },
        },
      );
      io.stdout.write(summary(report));
      return 0;
    } catch (error) {
      io.stderr.write(
        `error: backfill failed: ${error instanceof Error ? error.message : String(error)}\nhint: check the credentials are for account ${config.accountId} and may run Athena queries in workgroup ${config.athena.workGroup}\n`,
      );
      return 1;
    }
  },
};

function flagOf(variable: string): string {
  const flags: Record<string, string> = {
    CT_BASELINE_TABLE: '--table',
    CT_ATHENA_DATABASE: '--database',
    CT_ATHENA_TABLE: '--athena-table',
    CT_ATHENA_WORKGROUP: '--workgroup',
    CT_BUS_ARN: '--bus-arn',
  };
  return flags[variable] ?? variable;
}

function summary(r: AgentReport): string {
  const mb = (r.athena.bytesScanned / 1_048_576).toFixed(1);
  return [
    `learned ${r.learned} new (principal, action) pair(s) over ${r.windows} day window(s) with activity, ${r.events} event(s)`,
    `Athena: ${r.athena.queries} query, ${mb} MB scanned, ${(r.athena.executionMs / 1000).toFixed(1)} s; DynamoDB calls: ${
      Object.entries(r.calls)
        .filter(([k]) => k.startsWith('dynamodb'))
        .map(([k, n]) => `${k.slice(9)} ${n}`)
        .join(', ') || 'none'
    }`,
    `checkpoint: ${r.watermark ?? 'unchanged'}`,
    '',
  ].join('\n');
}
