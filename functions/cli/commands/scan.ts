/** `ct-anomaly scan <path...>`: first-seen behaviour and rules over exported CloudTrail, on embedded DuckDB. */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { SEVERITIES, compareSeverity, type Alert, type Severity } from '../../engine/findings/index.js';
import { deliveryDays, type LayoutSelection } from '../../engine/cloudtrail/index.js';
import { CliError, ExitCode, type Command, type CommandIo } from '../command.js';
import { parseCommandArgs } from '../options.js';
import { buildScanSettings, SCAN_OPTIONS } from '../scan/settings.js';
import { runScan } from '../../pipeline/scan.js';
import { PhaseClock } from '../../pipeline/phases.js';
import { resolveInputs } from '../../pipeline/inputs.js';
import { alertsOfScan } from '../../pipeline/scan-alerts.js';
import { formatProblems, formatSummaryLine } from '../scan/output.js';
import { renderAlerts } from '../scan/formats.js';
import { writeReport } from '../scan/report.js';

const USAGE = `Usage: ct-anomaly scan <path...> [options]

Reads CloudTrail (folders in the S3 layout AWSLogs/[o-xxx/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/,
.json/.json.gz delivery files, bare JSON arrays, .jsonl/.jsonl.gz exports, - for standard input, or
s3://bucket/prefix read with your usual AWS credentials), learns what every principal normally does per
account, and reports first-seen behaviour and rule hits.
State (baseline, checkpoints) persists in --state, so a rerun only processes what is new.

Options:
  --since <time>           incident window: learn everything before silently, report everything from it
                           on whatever a principal's age, new principals included (2026-01-31, 7d, 36h)
  --until <time>           ignore what happened after it
  --accounts <list>        only these accounts (comma-separated) of the S3 layout
  --regions <list>         only these regions of the S3 layout
  --cache <dir>            where s3:// objects are kept (default .ct-anomaly/cache): reused and resumed
  --state <dir>            state directory (default .ct-anomaly)
  --no-state               use a temporary state: report as if for the first time, touch no saved state
  --format <fmt>           table | jsonl | ocsf | asff (default: table on a terminal, jsonl otherwise)
  --output <file>          write alerts to a file instead of standard output
  --report <file.html>     also write a self-contained HTML report
  --config <file>          YAML or JSON config (suppressions, scoring, detection settings)
  --learning-days <n>      days a new principal is learned silently (default 14; 0 = alert on everything new)
  --ttl-days <n>           days without use after which a baseline entry is forgotten (default 90)
  --window <duration>      window length, e.g. 1h, 30m (default 1h)
  --lag <duration>         how long after its stamp a delivery file is surely copied (default 5m)
  --learn-only             learn the baseline from this input without reporting (bootstrap)
  --detectors <list>       first-seen,rules (default both)
  --include-service-calls  include calls AWS services made on a principal's behalf
  --include-suppressed     also output suppressed alerts (they are always counted)
  --fail-on <severity>     exit 3 when an alert at or above info|low|medium|high|critical was emitted
  --threads <n>            DuckDB threads (default: all cores)
  --memory-limit <size>    DuckDB memory limit, e.g. 512MB or 2GB (default: 80% of RAM); beyond it DuckDB
                           spills to the state's tmp folder
  --timings                print where the time went (per phase) on standard error
  --quiet                  no progress and no problem list on standard error (the summary line stays)
  --debug                  print stack traces of unexpected errors

Exit codes: 0 ok, 1 error, 2 usage error, 3 an alert at or above --fail-on.`;

async function writeOut(io: CommandIo, file: string | undefined, text: string): Promise<void> {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  out.end(text);
  await once(out, 'close');
}

/** Runs a scan from parsed options; returns the exit code and the alerts (the demo reuses it). */
export async function executeScan(
  values: Record<string, string | boolean | undefined>,
  paths: string[],
  io: CommandIo,
): Promise<{ code: number; alerts: Alert[] }> {
  const started = Date.now();
  if (paths.length === 0)
    throw new CliError('scan needs at least one path', 'e.g. ct-anomaly scan ./AWSLogs (or - to read standard input)');
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) {
    throw new CliError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got "${failOn}"`);
  }
  const settings = await buildScanSettings(values, io);
  const stderrTty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  const quiet = values['quiet'] === true;
  let lastProgress = 0;
  const progress = (message: string): void => {
    if (quiet || !stderrTty || Date.now() - lastProgress < 200) return;
    lastProgress = Date.now();
    io.stderr.write(`\r\u001b[K${message}`);
  };

  const stateDir = settings.noState ? await mkdtemp(join(tmpdir(), 'ct-anomaly-state-')) : settings.stateDir;
  try {
    return await scanWith(
      values,
      paths,
      io,
      { ...settings, stateDir },
      { started, failOn, quiet, stderrTty, progress },
    );
  } finally {
    if (settings.noState) await rm(stateDir, { recursive: true, force: true });
  }
}

interface ScanRun {
  started: number;
  failOn: string | undefined;
  quiet: boolean;
  stderrTty: boolean;
  progress: (message: string) => void;
}

async function scanWith(
  values: Record<string, string | boolean | undefined>,
  paths: string[],
  io: CommandIo,
  settings: Awaited<ReturnType<typeof buildScanSettings>>,
  { started, failOn, quiet, stderrTty, progress }: ScanRun,
): Promise<{ code: number; alerts: Alert[] }> {
  const inputs = await resolveInputs(paths, {
    cacheDir: settings.cacheDir,
    select: selectionOf(settings, true),
    progress,
    ...(quiet ? {} : { notice: (line: string) => io.stderr.write(`${line}\n`) }),
  });
  const phases = new PhaseClock();
  const scan = await runScan({
    paths: inputs,
    ...(io.stdin ? { stdin: io.stdin as NodeJS.ReadStream } : {}),
    stateDir: settings.stateDir,
    config: settings.config,
    extraRules: settings.extraRules,
    learnOnly: values['learn-only'] === true,
    ...(settings.reportFrom !== undefined ? { reportFrom: settings.reportFrom } : {}),
    ...(settings.until !== undefined ? { until: settings.until } : {}),
    select: selectionOf(settings),
    nowMs: Date.now(),
    ...(values['threads'] ? { threads: Number(values['threads']) } : {}),
    ...(settings.memoryLimit ? { memoryLimit: settings.memoryLimit } : {}),
    phases,
    progress,
  });
  if (stderrTty && !quiet) io.stderr.write('\r\u001b[K');

  const { alerts, persist, warnings } = await phases.time('aggregation', () =>
    alertsOfScan(scan, settings.config, settings.stateDir, new Date().toISOString()),
  );
  const outputStarted = performance.now();
  settings.warnings.push(...warnings);
  const shown = values['include-suppressed'] === true ? alerts : alerts.filter((a) => a.suppressed === null);
  const toFile = values['output'] !== undefined;
  const format = settings.format ?? ((io.stdout as NodeJS.WriteStream).isTTY && !toFile ? 'table' : 'jsonl');
  await writeOut(
    io,
    values['output'] as string | undefined,
    renderAlerts(shown, format, { color: (io.stdout as NodeJS.WriteStream).isTTY === true && !toFile }),
  );
  scan.summary.seconds = (Date.now() - started) / 1000;
  if (values['report'] !== undefined)
    await writeReport(values['report'] as string, alerts, scan, {
      inputs: paths,
      stateDir: settings.noState ? null : settings.stateDir,
    });

  // Only now that the alerts are written does the state move: a crash before this line loses no alert.
  await persist();
  await scan.commit();
  phases.add('output', performance.now() - outputStarted);

  if (!quiet) io.stderr.write(formatProblems(scan.summary));
  scan.summary.seconds = (Date.now() - started) / 1000;
  io.stderr.write(formatSummaryLine(scan.summary));
  if (values['timings'] === true) {
    for (const line of phases.format(Date.now() - started)) io.stderr.write(`timings: ${line}\n`);
  }
  const { from, to } = scan.summary.period;
  const spanDays = from && to ? (Date.parse(to) - Date.parse(from)) / 86_400_000 : 0;
  if (
    settings.config.learningDays > 0 &&
    from &&
    spanDays < settings.config.learningDays &&
    values['learn-only'] !== true &&
    !scan.resumed
  ) {
    settings.warnings.push(
      `the input spans ${spanDays.toFixed(1)} days, less than the ${settings.config.learningDays}-day learning period: principals first seen in it are still learning, so first-seen alerts are unlikely (rules still apply). ` +
        'For a short export, rerun with --learning-days 0 (report all new behaviour), or keep --state and scan newer logs later.',
    );
  }
  if (scan.summary.files.late > 0) {
    settings.warnings.push(
      `${scan.summary.files.late} delivery file(s) stamped before what an earlier scan with this --state had read were copied in since: read now, after later events (a first-seen or burst verdict can differ from one scan of everything)`,
    );
  }
  for (const warning of settings.warnings) io.stderr.write(`warning: ${warning}\n`);
  const seenBefore = scan.summary.files.skipped['read-before'] ?? 0;
  if (
    !settings.noState &&
    values['learn-only'] !== true &&
    scan.summary.alerts.emitted === 0 &&
    // Only when this run read nothing the state had not seen: a folder that grew by quiet files is not "nothing new".
    (scan.summary.alerts.duplicates > 0 || ((seenBefore > 0 || scan.resumed) && scan.summary.files.read === 0))
  ) {
    io.stderr.write(
      `notice: nothing new: the state in ${settings.stateDir} has seen this input before (${scan.summary.alerts.duplicates} alert(s) already reported, ${seenBefore} file(s) processed by an earlier scan); rerun with --no-state to report it again\n`,
    );
  }
  const failed =
    failOn !== undefined &&
    alerts.some((a) => a.suppressed === null && compareSeverity(a.severity, failOn as Severity) >= 0);
  return { code: failed ? ExitCode.AlertAtOrAbove : ExitCode.Ok, alerts };
}

/**
 * The accounts, regions and delivery days to read, from the flags. Local files are pruned by account,
 * region and the days after --until; an S3 download also starts at --since minus the learning period
 * (the history a principal's behaviour is learned from).
 */
function selectionOf(settings: Awaited<ReturnType<typeof buildScanSettings>>, download = false): LayoutSelection {
  const days = deliveryDays({
    ...(settings.reportFrom !== undefined && download ? { since: settings.reportFrom } : {}),
    ...(settings.until !== undefined ? { until: settings.until } : {}),
    historyDays: settings.config.learningDays,
  });
  return {
    ...(settings.accounts ? { accounts: settings.accounts } : {}),
    ...(settings.regions ? { regions: settings.regions } : {}),
    ...days,
  };
}

/** The scan command. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan exported CloudTrail for first-seen behaviour and dangerous actions',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('scan', argv, SCAN_OPTIONS);
    return (await executeScan(values, positionals, io)).code;
  },
};
