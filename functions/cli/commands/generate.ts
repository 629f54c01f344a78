/** `ct-anomaly generate`: writes a synthetic AWS Organization's CloudTrail (S3 layout) plus its ground truth. */
import { resolve } from 'node:path';
import { generateOrganization, resolveOptions, sizeForEvents } from '../../generator/index.js';
import { CliError, ExitCode, type Command, type CommandIo } from '../command.js';
import { parseCommandArgs } from '../options.js';

const usage = `Usage: ct-anomaly generate --out <dir> [options]

Writes a synthetic AWS Organization whose CloudTrail looks like what AWS writes, in the S3 layout
  <dir>/AWSLogs/<org-id>/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz
with humans (Identity Center and IAM users), CI/Terraform roles, EC2 instance roles, Lambda roles and
AWS service activity, injected anomalies (first-seen actions, rule-worthy events and near-misses, a
cross-account intrusion, duplicate/late/future records), and <dir>/ground-truth.jsonl listing every
injected anomaly, plus <dir>/generate-summary.json. The same options always give the same bytes.

Options:
  --out <dir>              output directory (required; created if missing)
  --accounts <n>           accounts in the organization, management account included (default 5)
  --days <n>               days of activity (default 30)
  --seed <s>               any string or number; every random choice derives from it (default 1)
  --start <YYYY-MM-DD>     first day, UTC (default 2026-01-05, a Monday)
  --learning-days <n>      learning period per principal from its first event (default 14); injected
                           first-seen anomalies are placed after it
  --events <n>             size the output to about n events (chooses accounts, days and activity
                           unless --accounts/--days are given); prints events, files, bytes, seconds
  --activity <x>           multiplier of routine activity (default 1: about 1,500 events per account-day)
  --with-malformed         also write a truncated .json.gz, invalid JSON, records without eventTime or
                           eventName and a 5 MB record (listed in the ground truth)
  --org-id <o-xxxxxxxxxx>  organization id of the S3 layout (default derived from the seed)
  --intrusion-day <n>      plant only an intrusion, on day n (0-based): a stolen key, IAM users, keys and a
                           backdoor role created and used across accounts (for --since and hunt drills)
  -q, --quiet              no progress on stderr

Exit codes: 0 ok, 1 error writing the output, 2 usage error.`;

const OPTIONS = {
  out: { type: 'string' },
  accounts: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  start: { type: 'string' },
  'learning-days': { type: 'string' },
  events: { type: 'string' },
  activity: { type: 'string' },
  'with-malformed': { type: 'boolean' },
  'org-id': { type: 'string' },
  'intrusion-day': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/_/g, '');
  if (!/^\d+$/.test(text))
    throw new CliError(
      `--${name} must be a whole number, got "${value}"`,
      'run "ct-anomaly generate --help" for the options',
    );
  return Number(text);
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('generate', argv, OPTIONS);
  if (positionals.length > 0)
    throw new CliError(`unexpected argument "${positionals[0]}"`, 'give the output directory with --out <dir>');
  if (values.out === undefined)
    throw new CliError(
      '--out <dir> is required',
      'for example: ct-anomaly generate --accounts 5 --days 30 --seed 1 --out ./demo-org',
    );
  const activity = values.activity === undefined ? undefined : Number(values.activity);
  if (activity !== undefined && Number.isNaN(activity))
    throw new CliError(`--activity must be a number, got "${values.activity}"`, 'for example --activity 0.5');
  const events = integer('events', values.events);
  const resolved = resolveOptions({
    out: resolve(values.out),
    accounts: integer('accounts', values.accounts),
    days: integer('days', values.days),
    seed: values.seed,
    start: values.start,
    learningDays: integer('learning-days', values['learning-days']),
    withMalformed: values['with-malformed'] ?? false,
    orgId: values['org-id'],
    activity,
    events,
    intrusionDay: integer('intrusion-day', values['intrusion-day']),
  });
  if (!resolved.ok) throw new CliError(resolved.reason, 'run "ct-anomaly generate --help" for the options');
  const started = Date.now();
  const options =
    events === undefined
      ? resolved.options
      : sizeForEvents(resolved.options, events, {
          accounts: values.accounts !== undefined,
          days: values.days !== undefined,
        });
  const progress = values.quiet !== true && (io.stderr as NodeJS.WriteStream).isTTY === true;
  const summary = await generateOrganization(
    options,
    progress ? (done, total) => io.stderr.write(`\rgenerating: ${done}/${total} accounts`) : undefined,
  );
  if (progress) io.stderr.write('\n');
  const seconds = (Date.now() - started) / 1000;
  const truth = Object.entries(summary.truth.byType)
    .map(([type, n]) => `${n} ${type}`)
    .join(', ');
  io.stdout.write(
    [
      `organization ${summary.organization.id}: ${summary.organization.accounts.length} accounts, ${options.days} days from ${options.start}, seed ${options.seed}, activity ${options.activity}`,
      `ground truth: ${summary.truth.total} entries (${truth}); expected noise: ${summary.expectedNoise.count} legitimate first-seen pairs after learning`,
      `wrote ${options.out}`,
      `events ${summary.events}, files ${summary.files.total}, bytes ${summary.bytes}, seconds ${seconds.toFixed(1)}`,
    ].join('\n') + '\n',
  );
  return ExitCode.Ok;
}

/** The `generate` command (registered by the CLI's command list). */
export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a synthetic organization (S3 layout, realistic CloudTrail) with injected anomalies and ground truth',
  usage,
  run: async (argv, io) => {
    try {
      return await run(argv, io);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      io.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
  },
};
