/** Shared helpers of the generator tests: readers of the generated output. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../../../functions/engine/cloudtrail/index.js';
import type { TruthEntry } from '../../../functions/generator/index.js';

/** Every file under a directory, as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** One delivered record and the file it came from. */
export interface Delivered {
  path: string;
  record: CloudTrailRecord;
}

/** The generated output, parsed. */
export interface Output {
  root: string;
  files: string[];
  truth: TruthEntry[];
  /** Records of the CloudTrail delivery files, except the malformed ones. */
  delivered: Delivered[];
  byEventId: Map<string, Delivered[]>;
  summary: Record<string, unknown>;
}

/** Reads a generated directory (delivery files that the ground truth marks malformed are left out). */
export function readOutput(root: string): Output {
  const files = listFiles(root);
  const truth = readFileSync(join(root, 'ground-truth.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as TruthEntry);
  const malformed = new Set(truth.filter((t) => t.type === 'malformed').map((t) => t.path));
  const delivered: Delivered[] = [];
  const byEventId = new Map<string, Delivered[]>();
  for (const path of files) {
    if (!path.includes('/CloudTrail/') || malformed.has(path)) continue;
    const { Records } = JSON.parse(gunzipSync(readFileSync(join(root, path))).toString('utf8')) as {
      Records: CloudTrailRecord[];
    };
    for (const record of Records) {
      const d = { path, record };
      delivered.push(d);
      const id = record.eventID as string;
      byEventId.set(id, [...(byEventId.get(id) ?? []), d]);
    }
  }
  const summary = JSON.parse(readFileSync(join(root, 'generate-summary.json'), 'utf8')) as Record<string, unknown>;
  return { root, files, truth, delivered, byEventId, summary };
}

/** The delivery time encoded in a CloudTrail file name (…_20260105T0915Z_…), epoch ms. */
export function deliveryTimeOf(path: string): number {
  const m = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_/.exec(path);
  if (m === null) throw new Error(`no delivery time in ${path}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
}
