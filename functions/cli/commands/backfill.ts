/**
 * `ct-anomaly backfill`: learns one account's baseline from the last N days of its CloudTrail, through
 * Athena into the agent's DynamoDB table, without emitting findings: the pipeline's agent run in backfill
 * mode. Run it from a workstation with credentials for the member account.
 * @module
 */
import { parseArgs } from 'node:util';
import { createAgentAdapters } from '../../adapters/aws/agent-adapters.js';
import { agentClients } from '../../adapters/aws/clients.js';
import { AwsCallCounter } from '../../adapters/aws/shared/index.js';
import type { FindingBus } from '../../engine/findings/index.js';
import { type AgentReport, runAgent } from '../../pipeline/agent-run.js';
import { backfillRange } from '../../pipeline/backfill-range.js';
import { createLogger } from '../../pipeline/log.js';
import { CliError, type Command } from '../command.js';
import { readConfigFile } from '../config-file.js';

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
  --config FILE          the deployment's detection config (the file scan --config reads; default: built-in)
  --bus-arn ARN          also send an Agent Heartbeat to the central bus (CT_BUS_ARN)
  --region REGION        AWS region of the agent (AWS_REGION)
  --timeout MINUTES      give up on the Athena query after this long (default 30)
  --verbose              log every window (JSON lines on stderr)
  -h, --help             this text

Example:
  AWS_PROFILE=member-123 npx ct-anomaly backfill --days 90 --account 123456789012 \\
    --table ct-anomaly-baseline --database ct_anomaly --athena-table cloudtrail --workgroup ct-anomaly`;

const NO_BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/none';

const OPTIONS = {
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
  config: { type: 'string' },
  timeout: { type: 'string', default: '30' },
  verbose: { type: 'boolean', default: false },
} as const;

/** A value from its flag, else from the agent's environment variable; required ones name both. */
function pick(flag: string | undefined, variable: string, name: string): string {
  const value = flag ?? (process.env[variable]?.trim() || undefined);
  if (value === undefined)
    throw new CliError(`${name} is required (or ${variable})`, 'run "ct-anomaly backfill --help" for the options');
  return value;
}

/** The \`backfill\` command. */
export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'learn an account baseline from the last N days through Athena into DynamoDB (no findings)',
  usage: USAGE,
  async run(argv, io) {
    let args: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];
    try {
      args = parseArgs({ args: argv, allowPositionals: false, options: OPTIONS }).values;
    } catch (error) {
      throw new CliError(
        error instanceof Error ? error.message : String(error),
        'run "ct-anomaly backfill --help" for the options',
      );
    }
    const accountId = pick(args.account, 'CT_ACCOUNT_ID', '--account');
    if (!/^\d{12}$/.test(accountId)) throw new CliError(`--account must be a 12-digit account id, got "${accountId}"`);
    const regions = (args.regions ?? process.env.CT_TRAIL_REGIONS ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const resources = {
      baselineTable: pick(args.table, 'CT_BASELINE_TABLE', '--table'),
      athena: {
        database: pick(args.database, 'CT_ATHENA_DATABASE', '--database'),
        table: pick(args['athena-table'], 'CT_ATHENA_TABLE', '--athena-table'),
        workGroup: pick(args.workgroup, 'CT_ATHENA_WORKGROUP', '--workgroup'),
        regions: regions.length > 0 ? regions : null,
      },
      busArn: args['bus-arn'] ?? (process.env.CT_BUS_ARN?.trim() || NO_BUS),
    };
    const { config } = await readConfigFile(args.config);
    const days = Number(args.days);
    const timeoutMinutes = Number(args.timeout);
    if (!Number.isInteger(days) || days < 1 || days > 3650 || !(timeoutMinutes > 0)) {
      throw new CliError('--days must be an integer from 1 to 3650 and --timeout a positive number of minutes');
    }
    const range = backfillRange(
      args.from !== undefined ? { from: args.from, to: args.to } : { days, to: args.to },
      Date.now(),
      config.lagMinutes,
    );
    if (!range.ok) throw new CliError(`--${range.field} ${range.reason}`);
    const region = args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const counter = new AwsCallCounter();
    const adapters = createAgentAdapters(resources, agentClients(region ? { region } : {}), counter, {
      accountId,
      futureToleranceMs: config.futureToleranceMinutes * 60_000,
      queryTimeoutMs: timeoutMinutes * 60_000,
    });
    const sendHeartbeat = resources.busArn !== NO_BUS;
    const bus: FindingBus = {
      publish: async (findings) => ({
        published: 0,
        failed: findings.map((finding) => ({ finding, reason: 'backfill emits no findings' })),
      }),
      heartbeat: async (beat) => (sendHeartbeat ? adapters.bus.heartbeat(beat) : undefined),
    };
    io.stderr.write(`learning account ${accountId}: ${range.from} .. ${range.to} (one Athena query)\n`);
    try {
      const report = await runAgent(
        {
          config: { detection: config, maxWindowsPerRun: Number.MAX_SAFE_INTEGER },
          accountId,
          region: region ?? null,
          ...adapters,
          bus,
          counter,
          log: createLogger(args.verbose ? 'debug' : 'warn', { command: 'backfill' }, (l) => io.stderr.write(`${l}\n`)),
          clock: () => new Date(),
          emit: () => {},
        },
        {
          runId: `backfill-${Date.now()}`,
          remainingMs: () => Number.MAX_SAFE_INTEGER,
          backfill: { from: range.from, to: range.to },
        },
      );
      io.stdout.write(summary(report));
      return 0;
    } catch (error) {
      throw new CliError(
        `backfill failed: ${error instanceof Error ? error.message : String(error)}`,
        `check the credentials are for account ${accountId} and may run Athena queries in workgroup ${resources.athena.workGroup}`,
        1,
      );
    }
  },
};

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
