/** With --with-malformed, the broken inputs listed in the ground truth really are broken. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../functions/engine/cloudtrail/index.js';
import { type TruthEntry, generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { listFiles } from './support.js';
import { useTempDir } from '../../support/temp-dir.js';

const dir = useTempDir('ct-gen-malformed-', 'all', { inMemory: true });
let malformed: TruthEntry[];

beforeAll(async () => {
  const resolved = resolveOptions({ accounts: 1, days: 2, seed: 'm', out: dir(), withMalformed: true, activity: 0.05 });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  malformed = readFileSync(join(dir(), 'ground-truth.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TruthEntry)
    .filter((t) => t.type === 'malformed');
});

const bytesOf = (t: TruthEntry | undefined): Buffer => readFileSync(join(dir(), t?.path ?? 'missing'));
const recordsOf = (t: TruthEntry | undefined): CloudTrailRecord[] =>
  (JSON.parse(gunzipSync(bytesOf(t)).toString('utf8')) as { Records: CloudTrailRecord[] }).Records;

describe('malformed inputs', () => {
  it('lists five malformed cases, each with a path that exists in the CloudTrail prefix', () => {
    expect(malformed).toHaveLength(5);
    const files = new Set(listFiles(dir()));
    for (const t of malformed) {
      expect(files.has(t.path as string), t.path).toBe(true);
      expect(t.path).toContain('/CloudTrail/');
    }
  });

  it('cuts one .json.gz so that it cannot be decompressed', () => {
    const truncated = malformed.find((t) => t.description.includes('truncated'));
    expect(() => gunzipSync(bytesOf(truncated))).toThrow();
  });

  it('wraps invalid JSON in a valid gzip stream', () => {
    const invalid = malformed.find((t) => t.description.includes('invalid JSON'));
    const text = gunzipSync(bytesOf(invalid)).toString('utf8');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('writes records without eventTime and without eventName next to good ones', () => {
    const noTime = malformed.find((t) => t.description.includes('without eventTime'));
    const noName = malformed.find((t) => t.description.includes('without eventName'));
    const timeless = recordsOf(noTime).find((r) => r.eventID === noTime?.eventIds[0]);
    const nameless = recordsOf(noName).find((r) => r.eventID === noName?.eventIds[0]);
    expect(timeless).toBeDefined();
    expect(timeless).not.toHaveProperty('eventTime');
    expect(nameless).toBeDefined();
    expect(nameless).not.toHaveProperty('eventName');
    expect(recordsOf(noTime).some((r) => typeof r.eventTime === 'string' && typeof r.eventName === 'string')).toBe(
      true,
    );
  });

  it('writes one record of at least 5 MB', () => {
    const huge = malformed.find((t) => t.description.includes('5 MB'));
    const [record] = recordsOf(huge);
    expect(JSON.stringify(record).length).toBeGreaterThan(5 * 1024 * 1024);
    expect(record?.eventID).toBe(huge?.eventIds[0]);
  });
});
