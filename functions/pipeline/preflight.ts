/**
 * The agent's preflight (`ct-anomaly doctor`): run as the agent, in its account, it checks each thing a run
 * needs (list and read its prefix of the trail, which decrypts it; run its Athena query; read the
 * deployment's config; publish to the central bus) and says, for each that fails, what is wrong and how
 * to fix it. No heartbeat, no baseline write: it changes nothing.
 * @module
 */
import {
  type AthenaProbeOptions,
  type Probe,
  probeAthena,
  probeBus,
  probeConfig,
  probeTrail,
  type TrailProbeOptions,
} from '../adapters/aws/preflight/index.js';
import type { BusProbeOptions } from '../adapters/aws/preflight/index.js';
import { runErrorHelp } from '../engine/aggregate/index.js';
import { RunErrorClass } from '../engine/findings/index.js';
import { classifyRunError } from './agent-report.js';

/** The checks, in the order a run needs them. */
export const PreflightCheck = {
  ListTrail: 'list-trail',
  ReadTrail: 'read-trail',
  Athena: 'athena-query',
  Config: 'config-object',
  Publish: 'publish',
} as const;
export type PreflightCheck = (typeof PreflightCheck)[keyof typeof PreflightCheck];

/** One check's verdict. */
export interface CheckResult {
  check: PreflightCheck;
  title: string;
  ok: boolean;
  /** What was looked at, or found. */
  detail: string;
  /** What is wrong (AWS's code and message) and how to fix it; absent when ok. */
  problem?: string;
  fix?: string;
}

/** The whole preflight of one agent. */
export interface PreflightReport {
  preflight: 1;
  accountId: string;
  region: string | null;
  agentVersion: string | null;
  checkedAt: string;
  ok: boolean;
  checks: CheckResult[];
}

/** What the preflight runs with (the detector's environment and clients). */
export interface PreflightDeps {
  accountId: string;
  region: string | null;
  agentVersion: string | null;
  /** This account's trail prefix (`CT_TRAIL_LOCATION`); null: the trail checks cannot run. */
  trailUri: string | null;
  configUri: string | null;
  busArn: string;
  athena: Pick<AthenaProbeOptions, 'workGroup' | 'database' | 'table'>;
  /** The trail region to look at (the first the agent reads). */
  trailRegion: string;
  clients: {
    s3: TrailProbeOptions['client'];
    athena: AthenaProbeOptions['client'];
    eventbridge: BusProbeOptions['client'];
  };
  now: () => Date;
  /** Bound on the Athena probe. */
  timeoutMs: number;
  sleep?: AthenaProbeOptions['sleep'];
}

const TITLES: Record<PreflightCheck, string> = {
  'list-trail': "list the account's prefix of the trail",
  'read-trail': 'read (and decrypt) a trail file',
  'athena-query': 'run the Athena query',
  'config-object': "read the deployment's config",
  publish: 'publish to the central bus',
};

const DENIED = /AccessDenied|Forbidden|not authorized/i;

/** Problem and fix of a failed probe, per check. */
export function adviceFor(
  check: PreflightCheck,
  probe: Extract<Probe, { ok: false }>,
): { problem: string; fix: string } {
  const problem = `${probe.code}: ${probe.message}`;
  const bucketPolicy =
    'apply the log-archive bucket policy statements (logArchive in the deployment config, or output log_archive_bucket_policy_statements by hand); in a Control Tower landing zone use logArchive.mode: replica';
  const denied = DENIED.test(probe.code) || DENIED.test(probe.message);
  switch (check) {
    case PreflightCheck.ListTrail:
      if (probe.code === 'Empty')
        return {
          problem,
          fix: 'check trail.prefix and trail.organizationIdInPath against the bucket layout, and that the organization trail logs this account (a brand-new account has files within minutes of its first activity)',
        };
      if (probe.code === 'NoSuchBucket')
        return { problem, fix: 'trail.bucket names no bucket (in replica mode: check the replica was created)' };
      return { problem, fix: denied ? bucketPolicy : runErrorHelp(RunErrorClass.TrailAccessDenied).fix };
    case PreflightCheck.ReadTrail:
      if (probe.code === 'Skipped') return { problem: 'not checked: nothing was listed', fix: 'fix the listing first' };
      if (/kms/i.test(probe.message)) return { problem, fix: runErrorHelp(RunErrorClass.TrailKeyDenied).fix };
      return { problem, fix: denied ? bucketPolicy : runErrorHelp(RunErrorClass.TrailAccessDenied).fix };
    case PreflightCheck.Athena: {
      if (probe.code !== 'QueryFailed' && denied)
        return {
          problem,
          fix: "the agent role may not use its workgroup or table: redeploy this account's StackSet instance (the template grants it)",
        };
      return { problem, fix: runErrorHelp(classifyRunError(`Athena query probe FAILED: ${probe.message}`)).fix };
    }
    case PreflightCheck.Config:
      if (probe.code === 'NoSuchKey' || probe.code === 'NoSuchBucket')
        return {
          problem,
          fix: 'deploy again: it writes config/ct-anomaly.json into the artifact bucket of every agent region',
        };
      return {
        problem,
        fix: denied
          ? "the artifact bucket lets the organization read config/ct-anomaly.json (aws:PrincipalOrgID): check the account is in the organization and the agent role's ReadDeploymentConfig statement"
          : runErrorHelp(RunErrorClass.Config).fix,
      };
    case PreflightCheck.Publish:
      return {
        problem,
        fix: denied
          ? "the bus policy lets only the agents' roles (<prefix>-agent-<region>) of the organization put agent events: check the organization id, the role name and CT_BUS_ARN"
          : runErrorHelp(RunErrorClass.Publish).fix,
      };
  }
}

function result(check: PreflightCheck, probe: Probe, fallback: string): CheckResult {
  if (probe.ok) return { check, title: TITLES[check], ok: true, detail: probe.detail };
  return { check, title: TITLES[check], ok: false, detail: probe.detail ?? fallback, ...adviceFor(check, probe) };
}

/** `yyyy/MM/dd` of the day before `at` (UTC): a day whose files have all been delivered. */
function yesterday(at: Date): string {
  const d = new Date(at.getTime() - 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
}

/** Runs every check (independent ones side by side) and returns the verdicts. */
export async function runPreflight(deps: PreflightDeps): Promise<PreflightReport> {
  const day = yesterday(deps.now());
  const missing = (what: string): Probe => ({ ok: false, code: 'NotConfigured', message: `${what} is not set` });
  const [trail, athena, config, publish] = await Promise.all([
    deps.trailUri
      ? probeTrail({ client: deps.clients.s3, trailUri: deps.trailUri, region: deps.trailRegion, day })
      : Promise.resolve({ list: missing('CT_TRAIL_LOCATION'), read: missing('CT_TRAIL_LOCATION') }),
    probeAthena({
      client: deps.clients.athena,
      ...deps.athena,
      region: deps.trailRegion,
      day,
      timeoutMs: deps.timeoutMs,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    }),
    deps.configUri
      ? probeConfig({ client: deps.clients.s3, uri: deps.configUri })
      : Promise.resolve<Probe>({ ok: true, detail: 'no config object: the built-in defaults' }),
    probeBus({ client: deps.clients.eventbridge, busArn: deps.busArn }),
  ]);
  const checks = [
    result(PreflightCheck.ListTrail, trail.list, deps.trailUri ?? ''),
    result(PreflightCheck.ReadTrail, trail.read, deps.trailUri ?? ''),
    result(PreflightCheck.Athena, athena, `${deps.athena.database}.${deps.athena.table} via ${deps.athena.workGroup}`),
    result(PreflightCheck.Config, config, deps.configUri ?? ''),
    result(PreflightCheck.Publish, publish, deps.busArn),
  ];
  return {
    preflight: 1,
    accountId: deps.accountId,
    region: deps.region,
    agentVersion: deps.agentVersion,
    checkedAt: deps.now().toISOString(),
    ok: checks.every((c) => c.ok),
    checks,
  };
}
