/**
 * One Sigma field item (`field|modifier|...: value or list`) compiled to a predicate over the values
 * found at the field. Strings compare case-insensitively with `*` and `?` wildcards (backslash escapes
 * them) unless `|cased`; `|re` is a JavaScript regular expression (flags from `|i`, `|m`, `|s`);
 * a list matches when any value does, or every value with `|all`; `null` means the field is absent
 * or null. Modifiers this engine does not implement are refused by name.
 * @module
 */
import { ipInCidr, parseCidr, parseIp } from '../../net/index.js';
import { valuesAt } from './field-path.js';
import { SigmaCompileError } from './types.js';

/** Modifiers understood here. */
export const SUPPORTED_MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  're',
  'i',
  'm',
  's',
  'cidr',
  'exists',
  'cased',
  'gt',
  'gte',
  'lt',
  'lte',
] as const;

const REFUSED_MODIFIERS: Record<string, string> = {
  base64: 'encodes the value, which CloudTrail fields never are',
  base64offset: 'encodes the value, which CloudTrail fields never are',
  utf16: 'encodes the value, which CloudTrail fields never are',
  utf16le: 'encodes the value, which CloudTrail fields never are',
  utf16be: 'encodes the value, which CloudTrail fields never are',
  wide: 'encodes the value, which CloudTrail fields never are',
  windash: 'is for Windows command lines',
  expand: 'needs placeholder values this engine does not define',
  fieldref: 'compares two fields, which this engine does not do',
};

/** A compiled item: its predicate and the modifiers and values the prefilter may read. */
export interface CompiledItem {
  field: string;
  modifiers: string[];
  values: unknown[];
  test(record: unknown): boolean;
}

type ValueTest = (candidates: unknown[]) => boolean;

const scalarText = (v: unknown, stringifyObjects: boolean): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : stringifyObjects && v !== null && typeof v === 'object'
        ? JSON.stringify(v)
        : undefined;

/** A Sigma value with wildcards as a regular expression source (unanchored). */
export function wildcardSource(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    const next = value[i + 1];
    if (c === '\\' && (next === '*' || next === '?' || next === '\\')) {
      out += `\\${next}`;
      i += 1;
    } else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

function stringTest(value: string, mods: ReadonlySet<string>): ValueTest {
  const body = wildcardSource(value);
  const source = mods.has('contains')
    ? body
    : mods.has('startswith')
      ? `^${body}`
      : mods.has('endswith')
        ? `${body}$`
        : `^${body}$`;
  const re = new RegExp(source, mods.has('cased') ? 's' : 'is');
  const partial = mods.has('contains') || mods.has('startswith') || mods.has('endswith');
  return (candidates) =>
    candidates.some((c) => {
      const t = scalarText(c, partial);
      return t !== undefined && re.test(t);
    });
}

function valueTest(value: unknown, mods: ReadonlySet<string>, line: number | null): ValueTest {
  if (value === null) {
    if (mods.size > 0) throw new SigmaCompileError('null cannot take modifiers', line);
    return (candidates) => candidates.every((c) => c === null);
  }
  if (value !== null && typeof value === 'object')
    throw new SigmaCompileError('a value must be a string, number, boolean or null, not a list or map', line);
  if (mods.has('re')) {
    const flags = ['i', 'm', 's'].filter((f) => mods.has(f)).join('');
    let re: RegExp;
    try {
      re = new RegExp(String(value), flags);
    } catch (e) {
      throw new SigmaCompileError(`invalid regular expression /${String(value)}/: ${(e as Error).message}`, line);
    }
    return (candidates) =>
      candidates.some((c) => {
        const t = scalarText(c, true);
        return t !== undefined && re.test(t);
      });
  }
  if (mods.has('cidr')) {
    const cidr = parseCidr(String(value));
    if (cidr === null) throw new SigmaCompileError(`"${String(value)}" is not a CIDR block`, line);
    return (candidates) =>
      candidates.some((c) => {
        const ip = parseIp(c);
        return ip !== null && ipInCidr(ip, cidr);
      });
  }
  const order = ['gt', 'gte', 'lt', 'lte'].find((m) => mods.has(m));
  if (order !== undefined) {
    const limit = Number(value);
    if (!Number.isFinite(limit)) throw new SigmaCompileError(`|${order} needs a number, got "${String(value)}"`, line);
    const cmp = {
      gt: (n: number) => n > limit,
      gte: (n: number) => n >= limit,
      lt: (n: number) => n < limit,
      lte: (n: number) => n <= limit,
    }[order]!;
    return (candidates) =>
      candidates.some((c) => {
        const n = typeof c === 'number' ? c : typeof c === 'string' && c.trim() !== '' ? Number(c) : Number.NaN;
        return Number.isFinite(n) && cmp(n);
      });
  }
  if (typeof value === 'boolean' && mods.size === 0)
    return (candidates) =>
      candidates.some((c) => c === value || (typeof c === 'string' && c.toLowerCase() === String(value)));
  if (typeof value === 'number' && mods.size === 0)
    return (candidates) =>
      candidates.some((c) => c === value || (typeof c === 'string' && c.trim() !== '' && Number(c) === value));
  return stringTest(String(value), mods);
}

function checkModifiers(mods: string[], line: number | null): void {
  for (const m of mods) {
    if (REFUSED_MODIFIERS[m] !== undefined)
      throw new SigmaCompileError(`modifier |${m} is not supported: it ${REFUSED_MODIFIERS[m]}`, line);
    if (!(SUPPORTED_MODIFIERS as readonly string[]).includes(m))
      throw new SigmaCompileError(`unknown modifier |${m} (supported: ${SUPPORTED_MODIFIERS.join(', ')})`, line);
  }
  const kinds = mods.filter((m) =>
    ['contains', 'startswith', 'endswith', 're', 'cidr', 'exists', 'gt', 'gte', 'lt', 'lte'].includes(m),
  );
  if (kinds.length > 1) throw new SigmaCompileError(`modifiers |${kinds.join(' and |')} cannot be combined`, line);
  if (mods.some((m) => ['i', 'm', 's'].includes(m)) && !mods.includes('re'))
    throw new SigmaCompileError('modifiers |i, |m and |s only apply to |re', line);
}

/** Compiles one detection item; throws {@link SigmaCompileError} on anything it cannot honour. */
export function compileItem(key: string, raw: unknown, line: number | null): CompiledItem {
  const [field = '', ...modifiers] = key.split('|').map((p) => p.trim());
  if (field === '')
    throw new SigmaCompileError(`"${key}": a field name is required (keyword search is not supported)`, line);
  const mods = modifiers.map((m) => m.toLowerCase());
  checkModifiers(mods, line);
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) throw new SigmaCompileError(`"${key}": an empty list matches nothing`, line);
  const set = new Set(mods.filter((m) => m !== 'all'));
  if (set.has('exists')) {
    if (values.length !== 1 || typeof values[0] !== 'boolean')
      throw new SigmaCompileError(`"${key}": |exists takes true or false`, line);
    const want = values[0];
    return { field, modifiers: mods, values, test: (r) => valuesAt(r, field).length > 0 === want };
  }
  const tests = values.map((v) => valueTest(v, set, line));
  const every = mods.includes('all');
  return {
    field,
    modifiers: mods,
    values,
    test: (record) => {
      const candidates = valuesAt(record, field);
      return every ? tests.every((t) => t(candidates)) : tests.some((t) => t(candidates));
    },
  };
}
