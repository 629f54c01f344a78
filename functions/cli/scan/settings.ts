import { type Config, detectionConfigSchema } from '../../engine/config/index.js';
import type { Rule } from '../../engine/rules/index.js';
import { extraRulesOf, readConfigFile } from '../config-file.js';
import { CliError, type CommandIo } from '../command.js';
import { durationMinutes, intOption } from '../options.js';

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
  /** Rules the config adds to the catalog (compiled Sigma rules of `rules.sigma`). */
  extraRules: Rule[];
  format: Format | null;
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
  return {
    stateDir: str('state') ?? '.ct-anomaly',
    config,
    extraRules,
    format: (format as Format | undefined) ?? null,
    warnings,
  };
}
