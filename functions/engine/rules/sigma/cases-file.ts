/**
 * Cases beside a Sigma rule: `<rule>.cases.jsonl` next to `<rule>.yml`, one JSON object per line,
 * `{"name": "...", "expect": true, "record": {...}}`. A separate file keeps the rule itself plain Sigma
 * that other Sigma tools read unchanged (they load only .yml/.yaml).
 * @module
 */
import type { CloudTrailRecord } from '../../cloudtrail/index.js';
import type { RecordCase } from '../types.js';
import type { SigmaError } from './types.js';

/** The suffix of a cases file. */
export const CASES_SUFFIX = '.cases.jsonl';

/** The rule path a cases file belongs to, without extension (`dir/name`). */
export function caseBase(path: string): string {
  return path.slice(0, -CASES_SUFFIX.length);
}

/** Parses a cases file; bad lines become errors naming the line. */
export function parseCasesFile(path: string, text: string): { cases: RecordCase[]; errors: SigmaError[] } {
  const cases: RecordCase[] = [];
  const errors: SigmaError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    const fail = (message: string): void => void errors.push({ path, line: i + 1, message });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      fail(`not JSON: ${(e as Error).message}`);
      return;
    }
    const c = value as { name?: unknown; expect?: unknown; record?: unknown };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('a case is a JSON object');
    if (typeof c.name !== 'string' || c.name === '') return fail('"name" (a string) is required');
    if (typeof c.expect !== 'boolean') return fail('"expect" must be true or false');
    if (c.record === null || typeof c.record !== 'object' || Array.isArray(c.record))
      return fail('"record" (a CloudTrail record object) is required');
    cases.push({ name: c.name, expect: c.expect, record: c.record as CloudTrailRecord });
  });
  return { cases, errors };
}
