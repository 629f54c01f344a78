/**
 * The Sigma condition language, parsed into a tree: identifiers, `not`, `and`, `or` (binding in that
 * order), parentheses, and `1 of` / `all of` a name, a wildcard pattern (`selection_*`) or `them`.
 * Aggregations (`| count() by ...`), `near` and other correlation syntax are refused by name.
 * @module
 */
import { SigmaCompileError } from './types.js';

/** A parsed condition. */
export type Condition =
  | { kind: 'ref'; name: string }
  | { kind: 'not'; operand: Condition }
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'of'; quantifier: 'one' | 'all'; pattern: string };

type Token = { type: 'word' | '(' | ')'; text: string; at: number };

const REFUSED: Record<string, string> = {
  '|': 'aggregation expressions ("| count() by ...", "| max(...)") are not supported: use a window rule or a correlation outside Sigma',
  near: 'the "near" correlation operator is not supported',
};

function tokenize(text: string, line: number | null): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|(\|)|([^\s()|]+))/gy;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null && m[0] !== '') {
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').length;
    if (m[3] !== undefined) throw new SigmaCompileError(`condition: ${REFUSED['|']}`, line);
    if (m[4]?.toLowerCase() === 'near') throw new SigmaCompileError(`condition: ${REFUSED['near']}`, line);
    tokens.push(
      m[1] ? { type: '(', text: '(', at } : m[2] ? { type: ')', text: ')', at } : { type: 'word', text: m[4]!, at },
    );
    m = re.exec(text);
  }
  return tokens;
}

/** Parses one condition string; throws {@link SigmaCompileError} naming what it cannot read. */
export function parseCondition(text: string, line: number | null): Condition {
  const tokens = tokenize(text, line);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const word = (t: Token | undefined): string | undefined => (t?.type === 'word' ? t.text.toLowerCase() : undefined);
  const fail = (what: string): never => {
    const t = peek();
    throw new SigmaCompileError(
      `condition "${text}": ${what}${t === undefined ? ' at the end' : ` at "${t.text}" (column ${t.at + 1})`}`,
      line,
    );
  };

  const parseOr = (): Condition => {
    const operands = [parseAnd()];
    while (word(peek()) === 'or') {
      i += 1;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  };
  const parseAnd = (): Condition => {
    const operands = [parseNot()];
    while (word(peek()) === 'and') {
      i += 1;
      operands.push(parseNot());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  };
  const parseNot = (): Condition => {
    if (word(peek()) === 'not') {
      i += 1;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Condition => {
    const t = peek();
    if (t === undefined) return fail('expected a selection name, "not", "1 of", "all of" or "("');
    if (t.type === '(') {
      i += 1;
      const inner = parseOr();
      if (peek()?.type !== ')') fail('expected ")"');
      i += 1;
      return inner;
    }
    if (t.type === ')') return fail('unexpected ")"');
    const w = t.text.toLowerCase();
    if (REFUSED[w] !== undefined) throw new SigmaCompileError(`condition: ${REFUSED[w]}`, line);
    if (['and', 'or'].includes(w)) return fail(`"${t.text}" needs something on its left`);
    if (word(tokens[i + 1]) === 'of') {
      if (w !== '1' && w !== 'all' && w !== 'any')
        return fail(`"${t.text} of" is not supported (use "1 of" or "all of")`);
      i += 2;
      const pattern = peek();
      if (pattern?.type !== 'word' || ['and', 'or', 'not', 'of'].includes(pattern.text.toLowerCase()))
        return fail('expected a selection name, a pattern like selection_* or "them" after "of"');
      i += 1;
      return { kind: 'of', quantifier: w === 'all' ? 'all' : 'one', pattern: pattern.text };
    }
    i += 1;
    return { kind: 'ref', name: t.text };
  };

  const tree = parseOr();
  if (i < tokens.length) fail('unexpected words');
  return tree;
}

/** The selection names an `of` pattern covers: a name, a `*` wildcard, or `them` (names not starting with `_`). */
export function namesOf(pattern: string, names: readonly string[]): string[] {
  if (pattern.toLowerCase() === 'them') return names.filter((n) => !n.startsWith('_'));
  if (!pattern.includes('*')) return names.filter((n) => n === pattern);
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return names.filter((n) => re.test(n));
}
