/** Turns scan options (and the config file) into the settings the scan runs with. */
import { DEFAULT_DETECTION_CONFIG, detectionConfigSchema, type DetectionConfig } from '../../engine/config/index.js';
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
  config: DetectionConfig;
  format: Format | null;
  rules: RuleHooks | null;
  score: ScoreFirstSeen | null;
  warnings: string[];
  /** The raw config file object, for the parts other modules read (suppressions, scoring). */
  extra: Record<string, unknown>;
}

type Values = Record<string, string | boolean | undefined>;

/** Builds the settings; flags win over the config file, which wins over the defaults. */
export async function buildScanSettings(values: Values, _io: CommandIo): Promise<ScanSettings> {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const format = str('format');
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const base = DEFAULT_DETECTION_CONFIG;
  const detectors = str('detectors')?.split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of detectors ?? []) if (d !== 'first-seen' && d !== 'rules') throw new CliError(`--detectors takes first-seen and/or rules, got "${d}"`);
  const threads = str('threads');
  if (threads !== undefined) intOption('threads', threads, 0, 1);
  const merged = {
    ...base,
    learningDays: intOption('learning-days', str('learning-days'), base.learningDays),
    ttlDays: intOption('ttl-days', str('ttl-days'), base.ttlDays, 1),
    windowMinutes: durationMinutes('window', str('window'), base.windowMinutes),
    lagMinutes: durationMinutes('lag', str('lag'), base.lagMinutes),
    includeServiceCalls: values['include-service-calls'] === true || base.includeServiceCalls,
    ...(detectors ? { detectors } : {}),
  };
  const parsed = detectionConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  const wired = wireDetectors(config);
  return { stateDir: str('state') ?? '.ct-anomaly', config, format: (format as Format | undefined) ?? null, ...wired, warnings: [], extra: {} };
}
