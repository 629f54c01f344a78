/** Turns scan options and the config file into the settings the scan runs with (flags win over the file). */
import { join } from 'node:path';
import { sizeBytes } from '../../adapters/local/duckdb/connection.js';
import { type Config, detectionConfigSchema } from '../../engine/config/index.js';
import type { Rule } from '../../engine/rules/index.js';
import { extraRulesOf, readConfigFile } from '../config-file.js';
import { CliError, type CommandIo } from '../command.js';
import { durationMinutes, intOption } from '../options.js';
import { listOption, timeOption } from '../time-option.js';

/** The options of `scan`, for parseArgs. */
export const SCAN_OPTIONS = {
  state: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string' },
  report: { type: 'string' },
  config: { type: 'string' },
  'learning-days': { type: 'string' },
  'ttl-days': { type: 'string' },
  window: { type: 'string' },
  lag: { type: 'string' },
  'learn-only': { type: 'boolean' },
  detectors: { type: 'string' },
  'include-service-calls': { type: 'boolean' },
  'include-suppressed': { type: 'boolean' },
  'fail-on': { type: 'string' },
  threads: { type: 'string' },
  'memory-limit': { type: 'string' },
  timings: { type: 'boolean' },
  quiet: { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  'no-state': { type: 'boolean' },
  accounts: { type: 'string' },
  regions: { type: 'string' },
  cache: { type: 'string' },
} as const;

export const FORMATS = ['table', 'jsonl', 'ocsf', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanSettings {
  stateDir: string;
  /** --no-state: the state lives in a temporary folder, removed at the end. */
  noState: boolean;
  /** --since: history before it is learned silently, everything from it on is reported. */
  reportFrom?: string;
  /** --until: what happened after it is ignored. */
  until?: string;
  accounts?: string[];
  regions?: string[];
  /** Where objects read from s3:// inputs are kept (a rerun reuses them, an interrupted run resumes). */
  cacheDir: string;
  /** The whole configuration: detection settings (flags applied), suppressions, scoring, rules. */
  config: Config;
  /** Rules the config adds to the catalog (compiled Sigma rules of `rules.sigma`). */
  extraRules: Rule[];
  format: Format | null;
  /** --memory-limit in DuckDB's notation (e.g. `512MB`). */
  memoryLimit?: string;
  warnings: string[];
}

type Values = Record<string, string | boolean | undefined>;

/** Builds the settings of one scan. */
export async function buildScanSettings(values: Values, io: CommandIo): Promise<ScanSettings> {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const format = str('format');
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const detectors = str('detectors')
    ?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of detectors ?? [])
    if (d !== 'first-seen' && d !== 'rules')
      throw new CliError(`--detectors takes first-seen and/or rules, got "${d}"`);
  const threads = str('threads');
  if (threads !== undefined) intOption('threads', threads, 0, 1);
  const memoryLimit = str('memory-limit')?.trim();
  if (memoryLimit !== undefined && sizeBytes(memoryLimit) === null)
    throw new CliError(`--memory-limit takes a size such as 512MB or 2GB, got "${memoryLimit}"`);

  const loaded = await readConfigFile(str('config'));
  const { config: file, warnings } = loaded;
  const extraRules = extraRulesOf(loaded, str('config'), io);
  const detection = detectionConfigSchema.safeParse({
    learningDays: intOption('learning-days', str('learning-days'), file.learningDays),
    ttlDays: intOption('ttl-days', str('ttl-days'), file.ttlDays, 1),
    principalTtlDays: file.principalTtlDays,
    refreshDays: file.refreshDays,
    windowMinutes: durationMinutes('window', str('window'), file.windowMinutes),
    lagMinutes: durationMinutes('lag', str('lag'), file.lagMinutes),
    futureToleranceMinutes: file.futureToleranceMinutes,
    includeServiceCalls: values['include-service-calls'] === true || file.includeServiceCalls,
    detectors: detectors ?? file.detectors,
  });
  if (!detection.success) {
    const issue = detection.error.issues[0];
    throw new CliError(`invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const config: Config = { ...file, ...detection.data };
  const now = Date.now();
  const reportFrom = timeOption('since', str('since'), now);
  const until = timeOption('until', str('until'), now);
  if (reportFrom !== undefined && until !== undefined && until <= reportFrom)
    throw new CliError(`--until (${until}) must come after --since (${reportFrom})`);
  if (values['no-state'] === true && str('state') !== undefined)
    throw new CliError(
      '--no-state and --state exclude each other',
      'keep one: --no-state leaves every saved state alone',
    );
  const accounts = listOption('accounts', str('accounts'), /^\d{12}$/, '111122223333,444455556666');
  const regions = listOption('regions', str('regions'), /^[a-z]{2}(-[a-z]+)+-\d+$/, 'us-east-1,eu-west-1');
  return {
    stateDir: str('state') ?? '.ct-anomaly',
    noState: values['no-state'] === true,
    ...(reportFrom !== undefined ? { reportFrom } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(accounts ? { accounts } : {}),
    ...(regions ? { regions } : {}),
    cacheDir: str('cache') ?? join('.ct-anomaly', 'cache'),
    config,
    extraRules,
    format: (format as Format | undefined) ?? null,
    ...(memoryLimit ? { memoryLimit } : {}),
    warnings,
  };
}
