/** A Sigma selection (a map of items, AND-ed, or a list of such maps, OR-ed) as a predicate and its pins. */
import type { FieldCondition } from '../../activity/index.js';
import type { SigmaDocument } from './document.js';
import { itemPins, type Pins } from './prefilter.js';
import { SigmaCompileError } from './types.js';
import { compileItem } from './values.js';

/** A compiled selection. */
export interface CompiledSelection {
  test(record: unknown): boolean;
  pins: Pins;
}

function compileMap(
  map: Record<string, unknown>,
  path: Array<string | number>,
  doc: SigmaDocument,
): { test: (r: unknown) => boolean; pins: FieldCondition[] } {
  const entries = Object.entries(map);
  if (entries.length === 0) throw new SigmaCompileError(`selection "${path[1]}" is an empty map`, doc.lineOf(path));
  const items = entries.map(([key, value]) => {
    const line = doc.lineOf([...path, key]);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      throw new SigmaCompileError(`"${key}": nested maps are not supported, write the dotted field name (a.b.c)`, line);
    return compileItem(key, value, line);
  });
  return {
    test: (r) => items.every((i) => i.test(r)),
    pins: items.flatMap((i) => itemPins(i) ?? []),
  };
}

const isMapValue = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Compiles the selection `name` of `doc`. */
export function compileSelection(name: string, value: unknown, doc: SigmaDocument): CompiledSelection {
  const path = ['detection', name];
  if (isMapValue(value)) {
    const m = compileMap(value, path, doc);
    return { test: m.test, pins: m.pins.length === 0 ? null : [m.pins] };
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isMapValue)) {
    const maps = value.map((v, i) => compileMap(v, [...path, i], doc));
    return {
      test: (r) => maps.some((m) => m.test(r)),
      pins: maps.some((m) => m.pins.length === 0) ? null : maps.map((m) => m.pins),
    };
  }
  if (Array.isArray(value) || typeof value === 'string' || typeof value === 'number')
    throw new SigmaCompileError(
      `selection "${name}" is a keyword list (full-text search), which is not supported: name the field`,
      doc.lineOf(path),
    );
  throw new SigmaCompileError(`selection "${name}" must be a map of fields or a list of maps`, doc.lineOf(path));
}
