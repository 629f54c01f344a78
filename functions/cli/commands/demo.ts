/** `ct-anomaly demo` (what `npm start` runs): generate a small organization, scan it, show the alerts and how they compare with what was injected. */
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateOrganization, resolveOptions } from '../../generator/index.js';
import { CliError, type Command } from '../command.js';
import { intOption, parseCommandArgs } from '../options.js';
import { executeScan } from './scan.js';
import { formatTruthScore, scoreAgainstTruth, type TruthLine } from '../scan/truth.js';

const USAGE = `Usage: ct-anomaly demo [options]

Generates a synthetic organization (humans, CI and Terraform roles, EC2 and Lambda roles, AWS
services, with injected intrusions), scans it from a fresh state, prints the alerts, writes an
HTML report, and scores the scan against the ground truth of what was injected.

Options:
  --out <dir>         where the organization, the state and the report go (default ./demo-org)
  --accounts <n>      accounts (default 4)
  --days <n>          days of CloudTrail (default 30)
  --seed <s>          seed of the organization (default 1)
  --format <fmt>      table | jsonl | ocsf | asff (default table on a terminal)`;

const OPTIONS = {
  out: { type: 'string' },
  accounts: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
} as const;

/** The demo command. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'generate a small organization, scan it and score the scan against what was injected',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('demo', argv, OPTIONS);
    if (positionals.length > 0)
      throw new CliError(`unexpected argument "${positionals[0]}"`, 'run "ct-anomaly demo --help"');
    const out = resolve(values.out ?? 'demo-org');
    const accounts = intOption('accounts', values.accounts, 4, 2);
    const days = intOption('days', values.days, 30, 16);
    const resolved = resolveOptions({ out, accounts, days, seed: values.seed ?? '1' });
    if (!resolved.ok) throw new CliError(resolved.reason, 'run "ct-anomaly demo --help"');
    io.stderr.write(`demo: generating ${accounts} accounts x ${days} days of CloudTrail into ${out} ...\n`);
    await rm(join(out, 'AWSLogs'), { recursive: true, force: true });
    const generated = await generateOrganization(resolved.options);
    io.stderr.write(
      `demo: ${generated.events.toLocaleString('en-US')} events in ${generated.files.total.toLocaleString('en-US')} files; scanning with a fresh state ...\n`,
    );
    const state = join(out, '.state');
    await rm(state, { recursive: true, force: true });
    const report = join(out, 'report.html');
    const { code, alerts } = await executeScan(
      { state, report, ...(values.format ? { format: values.format } : {}) },
      [join(out, 'AWSLogs')],
      io,
    );
    const truth = (await readFile(join(out, 'ground-truth.jsonl'), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as TruthLine);
    io.stderr.write(formatTruthScore(scoreAgainstTruth(alerts, truth)));
    io.stderr.write(`demo: report written to ${report} (open it in a browser); scan the same files again with\n`);
    io.stderr.write(`      npx ct-anomaly scan ${join(out, 'AWSLogs')} --state ${state}   (nothing new: no alerts)\n`);
    return code;
  },
};
