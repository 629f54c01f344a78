/**
 * The prefilter of a Sigma rule, derived from its condition: the columns the rule pins (eventSource,
 * eventName, userAgent, errorCode, userIdentity.type, ...) become case-insensitive column conditions,
 * AND-ed and OR-ed as the condition says. `not` and items on other fields pin nothing. The result is
 * always a superset of what the rule matches; a rule that pins nothing gets the broad clause.
 * @module
 */
import {
  CANDIDATE_COLUMNS,
  type CandidateClause,
  type CandidateColumn,
  type FieldCondition,
} from '../../activity/index.js';
import type { Condition } from './condition.js';
import { namesOf } from './condition.js';
import type { CompiledItem } from './values.js';

/** OR of AND-lists of column conditions; `null` when nothing is pinned (anything may match). */
export type Pins = FieldCondition[][] | null;

/** Beyond this many OR-ed clauses, an AND keeps one side only (still a superset, and a short SQL). */
const MAX_CLAUSES = 32;

const COLUMNS = new Map<string, CandidateColumn>(
  (Object.keys(CANDIDATE_COLUMNS) as CandidateColumn[]).map((c) => [c.toLowerCase(), c]),
);
const PIN_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'all', 'cased']);

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A Sigma value as a lower-case LIKE pattern (wildcards translated), or an equality value. */
function patternOf(value: string, mods: ReadonlySet<string>): { like: boolean; text: string } {
  let body = '';
  let wild = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      body += likeEscape(next);
      i += 1;
    } else if (c === '*' || c === '?') {
      body += c === '*' ? '%' : '_';
      wild = true;
    } else body += likeEscape(c);
  }
  const before = mods.has('contains') || mods.has('endswith') ? '%' : '';
  const after = mods.has('contains') || mods.has('startswith') ? '%' : '';
  const like = wild || before !== '' || after !== '';
  const plain = value.replace(/\\([*?\\])/g, '$1');
  return { like, text: (like ? `${before}${body}${after}` : plain).toLowerCase() };
}

/** The column conditions one item implies (AND-ed), or null when it pins nothing. */
export function itemPins(item: CompiledItem): FieldCondition[] | null {
  const column = COLUMNS.get(item.field.toLowerCase());
  if (column === undefined || item.modifiers.some((m) => !PIN_MODIFIERS.has(m))) return null;
  // Numbers compare numerically in the matcher (22 matches "22.0"), which a text condition cannot follow.
  if (!item.values.every((v) => typeof v === 'string')) return null;
  const mods = new Set(item.modifiers);
  const patterns = (item.values as string[]).map((v) => patternOf(v, mods));
  const condition = (ps: typeof patterns): FieldCondition => {
    const like = ps.some((p) => p.like);
    return {
      column,
      values: ps.map((p) => (like && !p.like ? likeEscape(p.text) : p.text)),
      ...(like ? { like: true } : {}),
    };
  };
  return mods.has('all') ? patterns.map((p) => condition([p])) : [condition(patterns)];
}

function and(a: Pins, b: Pins): Pins {
  if (a === null) return b;
  if (b === null) return a;
  if (a.length * b.length > MAX_CLAUSES) return a.length <= b.length ? a : b;
  return a.flatMap((x) => b.map((y) => [...x, ...y]));
}

function or(a: Pins, b: Pins): Pins {
  return a === null || b === null ? null : [...a, ...b];
}

/** The pins of a condition over selections whose own pins are known. */
export function conditionPins(condition: Condition, selections: ReadonlyMap<string, Pins>): Pins {
  switch (condition.kind) {
    case 'ref':
      return selections.get(condition.name) ?? null;
    case 'not':
      return null;
    case 'and':
      return condition.operands.map((o) => conditionPins(o, selections)).reduce(and);
    case 'or':
      return condition.operands.map((o) => conditionPins(o, selections)).reduce(or);
    case 'of': {
      const pins = namesOf(condition.pattern, [...selections.keys()]).map((n) => selections.get(n) ?? null);
      if (pins.length === 0) return null;
      return pins.reduce(condition.quantifier === 'all' ? and : or);
    }
  }
}

/** The prefilter clauses of pins; the broad clause when nothing is pinned. */
export function clausesOf(pins: Pins): { clauses: CandidateClause[]; broad: boolean } {
  if (pins === null || pins.some((conj) => conj.length === 0)) return { clauses: [{ anyEvent: true }], broad: true };
  return { clauses: pins.map((conj) => ({ fieldConditions: conj })), broad: false };
}
