/** `ct-anomaly report <alerts.jsonl> -o report.html`: renders saved scan results as one self-contained HTML file. */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { readAlerts, renderReport, type ReportInput } from '../../report/index.js';
import type { RunSummary } from '../../engine/detect/summary.js';
import { CliError, ExitCode, type Command, type CommandIo } from '../command.js';
import { parseCommandArgs } from '../options.js';

const usage = `Usage: ct-anomaly report <alerts.jsonl | alerts.jsonl.gz | -> [options]

Renders saved scan results (one alert per line, as "ct-anomaly scan" writes them) as one
self-contained HTML report: charts, alerts per account and principal, a filterable alert list
with the evidence. The file opens offline in any browser; nothing is loaded from the network.
Lines that are not valid alerts are counted and listed in the report, not fatal.

Options:
  -o, --output <file>      where to write the report (default: report.html)
  --summary <file>         the scan summary (JSON) to show files, records, skips and settings
  --activity <file>        events per hour and account (JSON array of {hour, accountId, events})
  --baselines <file>       principal baselines (JSON object "accountId|principalKey" -> {firstSeen, knownValues})
  --title <text>           the report's title`;

const summaryShape = z
  .object({
    files: z.object({
      read: z.number(),
      skipped: z.record(z.string(), z.number()),
      malformed: z.number(),
      bytes: z.number(),
    }),
    records: z.object({ read: z.number(), malformed: z.record(z.string(), z.number()) }).loose(),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    alerts: z.object({ bySeverity: z.record(z.string(), z.number()) }).loose(),
    settings: z.object({ learningDays: z.number() }).loose(),
  })
  .loose();
const activityShape = z.array(z.object({ hour: z.string(), accountId: z.string(), events: z.number().nonnegative() }));
const baselinesShape = z.record(z.string(), z.object({ firstSeen: z.string(), knownValues: z.number() }));

async function readJson<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      'check the path',
      ExitCode.Error,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError(`${what} ${path} is not JSON`, `give the ${what} file ct-anomaly wrote`, ExitCode.Error);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CliError(
      `${path} is not a ${what}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      `give the ${what} file ct-anomaly wrote`,
      ExitCode.Error,
    );
  }
  return result.data;
}

async function openLines(path: string, io: CommandIo): Promise<AsyncIterable<string>> {
  let stream: Readable;
  if (path === '-') {
    if (!io.stdin) throw new CliError('no standard input to read alerts from', 'give the alerts file as an argument');
    stream = io.stdin as Readable;
  } else {
    const file = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new CliError(
            `cannot read alerts file ${path}: ${error.code ?? error.message}`,
            'give the .jsonl file written by "ct-anomaly scan" (--alerts)',
            ExitCode.Error,
          ),
        ),
      );
    });
    stream = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  }
  return createInterface({ input: stream, crlfDelay: Infinity });
}

async function run(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, {
    output: { type: 'string', short: 'o' },
    summary: { type: 'string' },
    activity: { type: 'string' },
    baselines: { type: 'string' },
    title: { type: 'string' },
  });
  const [input, ...extra] = positionals;
  if (input === undefined)
    throw new CliError('missing the alerts file', 'ct-anomaly report alerts.jsonl -o report.html');
  if (extra.length > 0)
    throw new CliError(
      `one alerts file expected, got ${positionals.length}`,
      'concatenate jsonl files first: cat a.jsonl b.jsonl | ct-anomaly report - -o report.html',
    );
  const output = values.output ?? 'report.html';

  let read: Awaited<ReturnType<typeof readAlerts>>;
  try {
    read = await readAlerts(await openLines(input, io), input === '-' ? '(standard input)' : input);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read alerts from ${input}: ${error instanceof Error ? error.message : String(error)}`,
      'a .gz file must be gzip; otherwise give plain jsonl',
      ExitCode.Error,
    );
  }
  const { alerts, source } = read;
  if (alerts.length === 0 && source.skipped > 0) {
    throw new CliError(
      `none of the ${source.skipped} lines in ${input} is an alert (line ${source.problems[0]?.line}: ${source.problems[0]?.reason})`,
      'give the alerts file written by "ct-anomaly scan" (one alert per line)',
      ExitCode.Error,
    );
  }
  const reportInput: ReportInput = {
    alerts,
    source,
    generatedAt: new Date().toISOString(),
    summary: values.summary
      ? ((await readJson(values.summary, summaryShape, 'scan summary')) as unknown as RunSummary)
      : null,
    ...(values.activity ? { activity: await readJson(values.activity, activityShape, 'activity') } : {}),
    ...(values.baselines ? { baselines: await readJson(values.baselines, baselinesShape, 'baselines') } : {}),
    ...(values.title ? { title: values.title } : {}),
  };
  const html = renderReport(reportInput);
  try {
    await writeFile(output, html);
  } catch (error) {
    throw new CliError(
      `cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      'choose another path with -o',
      ExitCode.Error,
    );
  }
  io.stdout.write(`wrote ${output}: ${alerts.length} alerts, ${(Buffer.byteLength(html) / 1_048_576).toFixed(1)} MB\n`);
  if (source.skipped > 0) {
    io.stderr.write(
      `skipped ${source.skipped} of ${source.lines} lines that are not valid alerts (listed in the report's scan summary)\n`,
    );
    for (const p of source.problems.slice(0, 3)) io.stderr.write(`  line ${p.line}: ${p.reason}\n`);
  }
  return ExitCode.Ok;
}

/** The `report` command. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'render saved alerts (jsonl) as a self-contained HTML report',
  usage,
  run,
};
