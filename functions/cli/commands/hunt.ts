/** `ct-anomaly hunt <path...> --access-key|--principal|--session|--ip|--event-id`: one actor's trail across accounts. */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readConfigFile } from '../config-file.js';
import { CliError, ExitCode, type Command, type CommandIo } from '../command.js';
import { parseCommandArgs } from '../options.js';
import { listOption, timeOption } from '../time-option.js';
import { formatTrailJsonl, formatTrailTable } from '../hunt/output.js';
import { writeTrailReport } from '../hunt/report.js';
import { deliveryDays } from '../../engine/cloudtrail/index.js';
import { type Selector, SelectorKind } from '../../engine/hunt/index.js';
import { runHunt } from '../../pipeline/hunt.js';
import { resolveInputs } from '../../pipeline/inputs.js';

const USAGE = `Usage: ct-anomaly hunt <path...> --access-key <id> | --principal <arn|name> | --session <name> | --ip <address|cidr> | --event-id <id> [options]

Prints every event of one actor across the accounts and regions of an input (the same inputs as scan:
folders, files, - for standard input, s3://bucket/prefix), in time order, each marked with what the
detection makes of it: first-seen (the first time its principal did that action in the input),
new-principal (the principal's first event), the rules it hits, and the alerts of a scan it belongs to
(with --state, the scan's state). An access key's trail follows the keys it minted: the role sessions
it assumed in other accounts and the access keys it created. Selectors can be repeated and combined.

Options:
  --access-key <id>        an access key id (AKIA..., ASIA...)
  --principal <arn|name>   a user or role ARN (every session of a role), or a user or role name
  --session <name>         a role session name
  --ip <address|cidr>      a source IP address or CIDR block
  --event-id <id>          an event id (and its copy in the other account: sharedEventID)
  --no-follow              do not follow the keys an access key minted
  --state <dir>            the scan's state, for the alert ids (e.g. .ct-anomaly)
  --config <file>          the scan's config (rules, organization accounts)
  --since <time>, --until <time>   only events in this range (2026-01-31, 7d, 36h)
  --accounts <list>, --regions <list>   only these accounts and regions of the S3 layout
  --cache <dir>            where s3:// objects are kept (default .ct-anomaly/cache)
  --format <fmt>           table | jsonl (default: table on a terminal, jsonl otherwise)
  --output <file>          write the trail to a file
  --report <file.html>     also write the trail as a self-contained HTML report
  --threads <n>            DuckDB threads
  --quiet                  no progress on standard error

Exit codes: 0 ok (also when nothing matches), 1 error, 2 usage error.`;

const OPTIONS = {
  'access-key': { type: 'string', multiple: true },
  principal: { type: 'string', multiple: true },
  session: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  'event-id': { type: 'string', multiple: true },
  'no-follow': { type: 'boolean' },
  state: { type: 'string' },
  config: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  accounts: { type: 'string' },
  regions: { type: 'string' },
  cache: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  report: { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function selectorsOf(values: Record<string, unknown>): Selector[] {
  const out: Selector[] = [];
  for (const kind of Object.values(SelectorKind)) {
    for (const value of (values[kind] as string[] | undefined) ?? []) {
      if (value.trim() === '') throw new CliError(`--${kind} needs a value`);
      out.push({ kind, value: value.trim() });
    }
  }
  if (out.length === 0)
    throw new CliError(
      'hunt needs something to look for',
      'give --access-key, --principal, --session, --ip or --event-id (e.g. ct-anomaly hunt ./AWSLogs --access-key AKIA...)',
    );
  return out;
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('hunt', argv, OPTIONS);
  if (positionals.length === 0)
    throw new CliError('hunt needs at least one path', 'e.g. ct-anomaly hunt ./AWSLogs --access-key AKIA...');
  const selectors = selectorsOf(values);
  const format = values.format ?? ((io.stdout as NodeJS.WriteStream).isTTY && !values.output ? 'table' : 'jsonl');
  if (format !== 'table' && format !== 'jsonl') throw new CliError(`--format must be table or jsonl, got "${format}"`);
  const now = Date.now();
  const since = timeOption('since', values.since, now);
  const until = timeOption('until', values.until, now);
  const accounts = listOption('accounts', values.accounts, /^\d{12}$/, '111122223333,444455556666');
  const regions = listOption('regions', values.regions, /^[a-z]{2}(-[a-z]+)+-\d+$/, 'us-east-1,eu-west-1');
  const loaded = await readConfigFile(values.config);
  const quiet = values.quiet === true || (io.stderr as NodeJS.WriteStream).isTTY !== true;
  const progress = (message: string): void => {
    if (!quiet) io.stderr.write(`\r\u001b[K${message}`);
  };
  const paths = await resolveInputs(positionals, {
    cacheDir: values.cache ?? join('.ct-anomaly', 'cache'),
    select: {
      ...(accounts ? { accounts } : {}),
      ...(regions ? { regions } : {}),
      ...deliveryDays({ ...(since ? { since } : {}), ...(until ? { until } : {}), historyDays: 0 }),
    },
    progress,
    ...(values.quiet ? {} : { notice: (line: string) => io.stderr.write(`${line}\n`) }),
  });
  const result = await runHunt({
    paths,
    ...(io.stdin ? { stdin: io.stdin as NodeJS.ReadStream } : {}),
    selectors,
    follow: values['no-follow'] !== true,
    ...(values.state !== undefined ? { stateDir: values.state } : {}),
    config: loaded.config,
    tempDir: join(tmpdir(), 'ct-anomaly'),
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    progress,
  });
  if (!quiet) io.stderr.write('\r\u001b[K');
  const events = result.events.filter(
    (e) =>
      (since === undefined || e.time >= since) &&
      (until === undefined || e.time < until) &&
      (accounts === undefined || accounts.includes(e.accountId)),
  );
  const text = format === 'table' ? formatTrailTable(events) : formatTrailJsonl(events);
  if (values.output !== undefined) {
    await mkdir(dirname(values.output), { recursive: true });
    await writeFile(values.output, text);
  } else io.stdout.write(text);
  if (values.report !== undefined)
    await writeTrailReport(values.report, { ...result, events }, selectors, positionals, values.state);
  const followed = result.followed.map((f) => `${f.key} (minted by ${f.mintedBy})`);
  io.stderr.write(
    `ct-anomaly hunt: ${events.length} events in ${result.accounts.length} account(s) from ${result.files} files${
      followed.length > 0 ? `; followed ${followed.join(', ')}` : ''
    }${values.state !== undefined && !result.stateUsed ? `; no scan state in ${values.state}: no alert ids` : ''}; ${result.seconds.toFixed(1)} s\n`,
  );
  for (const warning of loaded.warnings) io.stderr.write(`warning: ${warning}\n`);
  return ExitCode.Ok;
}

/** The hunt command. */
export const huntCommand: Command = {
  name: 'hunt',
  summary: "follow one actor (access key, principal, session, IP, event) across an input's accounts, in time order",
  usage: USAGE,
  run,
};
