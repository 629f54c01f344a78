/**
 * Reads one Sigma rule file: YAML syntax, the fields this engine needs (title, logsource aws /
 * cloudtrail, detection with a condition, level, tags), and the line of every part, so that each
 * problem names its file and line. Rule collections, correlation rules and `timeframe` are refused.
 * @module
 */
import { type Document, isMap, isPair, isScalar, LineCounter, type Node, parseAllDocuments, visit } from 'yaml';
import type { Severity } from '../../findings/index.js';
import { SigmaCompileError } from './types.js';

/** A Sigma rule's parts, validated, with a way back to their lines. */
export interface SigmaDocument {
  title: string;
  sigmaId: string | null;
  description: string | null;
  severity: Severity;
  tags: string[];
  references: string[];
  falsepositives: string[];
  /** Condition strings (several are OR-ed, as Sigma 1 allowed). */
  conditions: Array<{ text: string; line: number | null }>;
  /** Selection name -> its raw value (a map or a list of maps). */
  selections: Map<string, { value: unknown; line: number | null }>;
  /** The line of a key inside a selection map (`selection`, index of the map in a list, key). */
  lineOf(path: ReadonlyArray<string | number>): number | null;
}

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Parses and validates one rule file; throws {@link SigmaCompileError} on the first problem. */
export function readSigmaDocument(text: string): SigmaDocument {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const all = Array.isArray(docs) ? docs : [];
  const bad = all.flatMap((d) => d.errors)[0];
  if (bad !== undefined)
    throw new SigmaCompileError(`YAML: ${bad.message.split('\n')[0]}`, counter.linePos(bad.pos[0]).line);
  if (all.length !== 1)
    throw new SigmaCompileError(
      'rule collections (several YAML documents in one file) are not supported: one rule per file',
      null,
    );
  const doc = all[0]!;
  const lineOf = (path: ReadonlyArray<string | number>): number | null => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | null | undefined;
      const parent = depth > 0 ? (doc.getIn(path.slice(0, depth - 1), true) as Node | null | undefined) : undefined;
      if (parent !== undefined && isMap(parent)) {
        const pair = parent.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(path[depth - 1]),
        );
        if (pair && isScalar(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      }
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    return null;
  };
  keepNumberText(doc);
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (e) {
    throw new SigmaCompileError(`YAML: ${(e as Error).message}`, null);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new SigmaCompileError('a Sigma rule is a YAML mapping (title, logsource, detection, ...)', 1);
  const rule = raw as Record<string, unknown>;
  if (rule['correlation'] !== undefined)
    throw new SigmaCompileError('correlation rules are not supported', lineOf(['correlation']));
  if (rule['action'] !== undefined)
    throw new SigmaCompileError('"action" (rule collections) is not supported', lineOf(['action']));
  if (typeof rule['title'] !== 'string' || rule['title'].trim() === '')
    throw new SigmaCompileError('"title" is required', lineOf(['title']));
  const logsource = rule['logsource'] as Record<string, unknown> | undefined;
  const product = String(logsource?.['product'] ?? '').toLowerCase();
  const service = String(logsource?.['service'] ?? '').toLowerCase();
  if (product !== 'aws' || service !== 'cloudtrail')
    throw new SigmaCompileError(
      `logsource must be product: aws, service: cloudtrail (got product: ${product || '(none)'}, service: ${service || '(none)'})`,
      lineOf(['logsource']),
    );
  const level = rule['level'] === undefined ? 'medium' : String(rule['level']).toLowerCase();
  const severity = LEVELS[level];
  if (severity === undefined)
    throw new SigmaCompileError(`level "${level}" is not one of ${Object.keys(LEVELS).join(', ')}`, lineOf(['level']));
  return {
    ...detectionOf(rule['detection'], lineOf),
    title: rule['title'].trim(),
    severity,
    lineOf,
    sigmaId: typeof rule['id'] === 'string' ? rule['id'] : null,
    description: typeof rule['description'] === 'string' ? rule['description'].trim() : null,
    tags: strings(rule['tags']),
    references: strings(rule['references']),
    falsepositives: strings(rule['falsepositives']),
  };
}

/**
 * Numbers written in a form their value does not keep (`012345678912`, `1.10`, `0x1F`) stay text, as
 * the author wrote them: an account id must not lose its leading zero.
 */
function keepNumberText(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined && node.source !== String(node.value))
        node.value = node.source;
    },
  });
}

function detectionOf(
  value: unknown,
  lineOf: SigmaDocument['lineOf'],
): Pick<SigmaDocument, 'conditions' | 'selections'> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SigmaCompileError('"detection" is required: selections and a condition', lineOf(['detection']));
  const detection = value as Record<string, unknown>;
  if (detection['timeframe'] !== undefined)
    throw new SigmaCompileError(
      '"timeframe" (a correlation over time) is not supported',
      lineOf(['detection', 'timeframe']),
    );
  const condition = detection['condition'];
  const texts = typeof condition === 'string' ? [condition] : strings(condition);
  if (texts.length === 0 || (Array.isArray(condition) && texts.length !== condition.length))
    throw new SigmaCompileError(
      '"detection.condition" is required (a string, or a list of strings)',
      lineOf(['detection', 'condition']),
    );
  const conditions = texts.map((text, i) => ({
    text,
    line: lineOf(Array.isArray(condition) ? ['detection', 'condition', i] : ['detection', 'condition']),
  }));
  const selections = new Map<string, { value: unknown; line: number | null }>();
  for (const [name, v] of Object.entries(detection)) {
    if (name === 'condition') continue;
    selections.set(name, { value: v, line: lineOf(['detection', name]) });
  }
  if (selections.size === 0) throw new SigmaCompileError('"detection" defines no selection', lineOf(['detection']));
  return { conditions, selections };
}
