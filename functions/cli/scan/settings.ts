/** Turns scan options and the config file into the settings the scan runs with (flags win over the file). */
import { readFile } from 'node:fs/promises';
import { DEFAULT_CONFIG, detectionConfigSchema, parseConfig, type Config } from '../../engine/config/index.js';
import type { RuleHooks, ScoreFirstSeen } from '../../engine/detect/index.js';
import { CliError, type CommandIo } from '../command.js';
import { durationMinutes, intOption } from '../options.js';
import { wireDetectors } from './detectors.js';

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
  quiet: { type: 'boolean' },
} as const;

export const FORMATS = ['table', 'jsonl', 'ocsf', 'asff'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanSettings {
  stateDir: string;
  /** The whole configuration: detection settings (flags applied), suppressions, scoring, rules. */
  config: Config;
  format: Format | null;
  rules: RuleHooks | null;
  rulesForAccounts: ((accounts: readonly string[]) => RuleHooks | null) | null;
  score: ScoreFirstSeen | null;
  warnings: string[];
}

type Values = Record<string, string | boolean | undefined>;

/** Reads and validates the config file; errors name the key and the line. */
async function loadConfig(path: string | undefined): Promise<{ config: Config; warnings: string[] }> {
  if (path === undefined) return { config: DEFAULT_CONFIG, warnings: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      'check the --config path',
    );
  }
  const result = parseConfig(text, path);
  if (!result.ok) {
    const where = (e: (typeof result.errors)[number]): string =>
      `${path}${e.line !== null ? `:${e.line}` : ''}: ${e.key}: ${e.message}`;
    const [first, ...rest] = result.errors;
    const lines = [first ? where(first) : path, ...rest.slice(0, 9).map((e) => `  ${where(e)}`)];
    if (rest.length > 9) lines.push(`  ... and ${rest.length - 9} more`);
    throw new CliError(`invalid config ${lines.join('\n')}`, 'see docs/config.md for the keys and their types');
  }
  return { config: result.config, warnings: result.warnings };
}

/** Builds the settings of one scan. */
export async function buildScanSettings(values: Values, _io: CommandIo): Promise<ScanSettings> {
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

  const { config: file, warnings } = await loadConfig(str('config'));
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
  return {
    stateDir: str('state') ?? '.ct-anomaly',
    config,
    format: (format as Format | undefined) ?? null,
    ...wireDetectors(config),
    warnings,
  };
}
