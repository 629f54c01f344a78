/**
 * Parses the config file (YAML or JSON; JSON is read by the same YAML 1.2 parser) without touching the
 * file system: errors name the key path and the line in the file, and suggest a close key for typos.
 * @module
 */
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { applyNetflixKeys } from './netflix.js';
import { type Config, configFileSchema } from './schema.js';

/** One problem with the config file. */
export interface ConfigProblem {
  /** Key path, e.g. `suppressions[2].expires`; `(file)` for syntax errors. */
  key: string;
  /** 1-based line in the file, when known. */
  line: number | null;
  message: string;
}

/** The outcome of parsing a config file. */
export type ConfigResult = { ok: true; config: Config; warnings: string[] } | { ok: false; errors: ConfigProblem[] };

type PathPart = string | number;

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': Object.keys(configFileSchema.shape),
  scoring: ['automation', 'novelty', 'sensitivity', 'severityThresholds'],
  'scoring.novelty': [
    'stableNetworks',
    'workload',
    'person',
    'privateNetwork',
    'hostingNetwork',
    'anonymisingNetwork',
    'denied',
    'newActions',
  ],
  'scoring.novelty.workload': ['network', 'client', 'region', 'networkClient'],
  'scoring.novelty.person': ['network', 'client', 'region', 'together', 'networkClient'],
  'scoring.automation': ['userAgents', 'principals', 'dampening'],
  'scoring.severityThresholds': ['low', 'medium', 'high', 'critical'],
  rules: ['disabled', 'severity', 'thresholds', 'burst', 'sigma'],
  'rules.burst': ['minutes', 'lateMinutes', 'perRule'],
  'rules.thresholds': [
    'failedConsoleLogins',
    'bulkSuppressedFindings',
    'secretsRetrieved',
    'parametersDecrypted',
    'passwordDataInstances',
    'userDataInstances',
    'remoteAccessInstances',
    'lifecycleExpirationDays',
    'bedrockRegions',
  ],
  'suppressions[]': ['id', 'owner', 'reason', 'expires', 'account', 'principal', 'action', 'rule', 'sourceIp'],
  roleAction: ['dayThreshold', 'IgnoredActionsNotify'],
};

function formatPath(path: readonly PathPart[]): string {
  return (
    path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out === '' ? p : `${out}.${p}`), '') ||
    '(root)'
  );
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) d[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1)
    for (let j = 1; j <= b.length; j += 1)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
  return d[a.length]![b.length]!;
}

function suggestion(parent: readonly PathPart[], key: string): string {
  const pattern = parent
    .map((p) => (typeof p === 'number' ? '[]' : p))
    .join('.')
    .replace(/\.\[\]/g, '[]');
  const known = KNOWN_KEYS[pattern] ?? [];
  const best = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best.k}"?)` : '';
}

/** The line of the deepest node on `path` (a key's own line when `key` is given). */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: readonly PathPart[],
  key?: string,
): number | null {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | null | undefined;
    if (node === null || node === undefined) continue;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return counter.linePos(range[0]).line;
    }
    if (node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

function issueErrors(
  issues: readonly z.core.$ZodIssue[],
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
): ConfigProblem[] {
  const errors: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathPart => typeof p === 'string' || typeof p === 'number');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          key: formatPath([...path, key]),
          line: lineOf(doc, counter, path, key),
          message: `unknown key "${key}"${suggestion(path, key)}`,
        });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    errors.push({
      key: formatPath(path),
      line: lineOf(doc, counter, path),
      message: missing ? `required (${issue.message.replace(/^Invalid input: /, '')})` : issue.message,
    });
  }
  return errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Parses and validates a detection config file.
 * @example
 * const result = parseConfig(readFileSync(file, 'utf8'), file);
 * if (!result.ok) for (const e of result.errors) console.error(`${file}:${e.line} ${e.key}: ${e.message}`);
 */
export function parseConfig(text: string, fileName: string): ConfigResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        key: '(file)',
        line: counter.linePos(e.pos[0]).line,
        message: `${fileName}: ${e.message.split('\n')[0] ?? 'syntax error'}`,
      })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [
        {
          key: '(root)',
          line: 1,
          message: `${fileName} must hold a mapping of settings (key: value), not a ${Array.isArray(raw) ? 'list' : typeof raw}`,
        },
      ],
    };
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: issueErrors(parsed.error.issues, doc, counter) };
  const { config, warnings } = applyNetflixKeys(parsed.data, new Set(Object.keys(raw)));
  return { ok: true, config, warnings };
}
