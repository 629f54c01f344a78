/**
 * `ct-anomaly doctor`: is the fleet able to watch? For one account, it invokes the agent's preflight (the
 * checks run as the agent: list and read its trail prefix, decrypt, query Athena, read the config, publish
 * to the bus) and prints what is wrong and how to fix it. For the fleet, it reads every agent's last
 * heartbeat from the central state table and prints each failing, lagging, silent, missing or outdated agent.
 * @module
 */
import { DynamoAggregatorState } from '../../adapters/aws/aggregator-state/index.js';
import { organizationsClient, stateClient } from '../../adapters/aws/clients.js';
import { listActiveAccounts } from '../../adapters/aws/organizations/index.js';
import { invokePreflight, lambdaClient } from '../../adapters/aws/preflight/index.js';
import { assessCoverage, type OrgAccount } from '../../engine/aggregate/index.js';
import type { PreflightReport } from '../../pipeline/preflight.js';
import { CliError, type Command, ExitCode } from '../command.js';
import { formatFleet, formatPreflight } from '../doctor/format.js';
import { intOption, parseCommandArgs } from '../options.js';

const USAGE = `Usage: ct-anomaly doctor --account ID [--region R[,R...]] [--function NAME]
       ct-anomaly doctor --fleet --table STATE_TABLE [--region REGION] [options]

One account (credentials of that account): invokes its agent's preflight, which runs as the agent and
checks that it can list and read its prefix of the organization trail (and so decrypt it), run its
Athena query, read the deployment's config object and publish to the central bus. Prints each check,
and for each failure the problem and the fix. Changes nothing (the bus receives one empty finding batch).

The fleet (credentials of the central account): reads every agent's last heartbeat from the state table
and lists the agents that fail (with the cause and the fix of their error), lag, fell silent, run an old
version, and the accounts without one (when the organization can be listed from there).

Options:
  --account ID             the member account (checked against the answer)
  --region R[,R...]        the agent regions to check (default: AWS_REGION); with --fleet, the central region
  --function NAME          the detector function (default ct-anomaly-detector)
  --fleet                  the whole fleet, from the heartbeats
  --table NAME             the central state table (default ct-anomaly-state)
  --heartbeat-minutes N    the agents' schedule (default 60)
  --failed-runs N          failed runs in a row that make an agent failing (default 3)
  --agent-version LABEL    the version the rollout deploys (output agent_bundle): others are outdated
  --agent-regions a,b      regions every account runs an agent in (default: any)
  --json                   print the reports as JSON
  -h, --help               this text

Exit codes: 0 every check passed, 3 a check failed (or an agent has a problem), 1 an error, 2 a usage error.

Examples:
  AWS_PROFILE=member-123 npx ct-anomaly doctor --account 123456789012 --region eu-west-1
  AWS_PROFILE=security npx ct-anomaly doctor --fleet --region eu-west-1 --agent-version 3f2a9c1d0b7e4a55`;

const OPTIONS = {
  account: { type: 'string' },
  region: { type: 'string' },
  function: { type: 'string', default: 'ct-anomaly-detector' },
  fleet: { type: 'boolean', default: false },
  table: { type: 'string', default: 'ct-anomaly-state' },
  'heartbeat-minutes': { type: 'string' },
  'failed-runs': { type: 'string' },
  'agent-version': { type: 'string' },
  'agent-regions': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The `doctor` command. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: "check that agents can read their trail, query, read the config and publish; or the fleet's health",
  usage: USAGE,
  async run(argv, io) {
    const { values: args } = parseCommandArgs('doctor', argv, OPTIONS);
    const defaultRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (args.fleet) {
      const region = list(args.region)[0] ?? defaultRegion;
      const state = new DynamoAggregatorState({ tableName: args.table, client: stateClient(region ? { region } : {}) });
      let heartbeats: Awaited<ReturnType<typeof state.listHeartbeats>>;
      try {
        heartbeats = await state.listHeartbeats();
      } catch (error) {
        throw new CliError(
          `cannot read the heartbeats in ${args.table}: ${error instanceof Error ? error.message : String(error)}`,
          'run it with credentials of the central account, in its region (--region), and name the state table (--table)',
          ExitCode.Error,
        );
      }
      let accounts: OrgAccount[] | null = null;
      try {
        accounts = await listActiveAccounts(organizationsClient());
      } catch (error) {
        io.stderr.write(
          `doctor: cannot list the organization's accounts (${error instanceof Error ? error.message : String(error)}): accounts without an agent are not shown\n`,
        );
      }
      const seen = [...new Set(heartbeats.map((h) => h.accountId))].map((id) => ({ id, name: id, joinedAt: null }));
      const report = assessCoverage({
        accounts: accounts ?? seen,
        heartbeats,
        now: new Date().toISOString(),
        intervalMinutes: intOption('heartbeat-minutes', args['heartbeat-minutes'], 60, 1),
        agentRegions: list(args['agent-regions']),
        health: {
          failedRunsInARow: intOption('failed-runs', args['failed-runs'], 3, 1),
          expectedVersion: args['agent-version'] ?? null,
          rolloutGraceMinutes: 0,
        },
      });
      io.stdout.write(
        args.json ? `${JSON.stringify(report.summary, null, 2)}\n` : formatFleet(report.summary, accounts !== null),
      );
      return report.alerts.length === 0 ? ExitCode.Ok : ExitCode.AlertAtOrAbove;
    }

    if (!args.account)
      throw new CliError('--account (or --fleet) is required', 'run "ct-anomaly doctor --help" for the options');
    if (!/^\d{12}$/.test(args.account))
      throw new CliError(`--account must be a 12-digit account id, got "${args.account}"`);
    const regions = list(args.region);
    if (regions.length === 0 && defaultRegion) regions.push(defaultRegion);
    if (regions.length === 0) throw new CliError('--region is required (or AWS_REGION)');
    let ok = true;
    const reports: PreflightReport[] = [];
    for (const region of regions) {
      let report: PreflightReport;
      try {
        report = (await invokePreflight({
          client: lambdaClient(region),
          functionName: args.function,
        })) as PreflightReport;
      } catch (error) {
        throw new CliError(
          error instanceof Error ? error.message : String(error),
          `run it with credentials of account ${args.account} allowed to invoke ${args.function} in ${region} (is the agent deployed there? see "ct-anomaly doctor --fleet")`,
          ExitCode.Error,
        );
      }
      if (report.accountId !== args.account)
        throw new CliError(
          `the agent that answered is in account ${report.accountId}, not ${args.account}`,
          'check AWS_PROFILE: the credentials are for another account',
          ExitCode.Error,
        );
      ok &&= report.ok;
      reports.push(report);
      if (!args.json) io.stdout.write(formatPreflight(report));
    }
    if (args.json) io.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    return ok ? ExitCode.Ok : ExitCode.AlertAtOrAbove;
  },
};
