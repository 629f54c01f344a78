/**
 * The public data in `../shared/data` beside the repository (CI always has it). A test that needs it fails
 * with the path it looked for when it is missing; it never skips.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CloudTrailRecord } from '../../functions/engine/cloudtrail/index.js';

/** TrailDiscover's examples: data from TrailDiscover by Adan Alvarez, CC BY 4.0 (315 real, redacted records). */
export const TRAILDISCOVER_EXAMPLES = fileURLToPath(
  new URL('../../../shared/data/traildiscover/examples.jsonl', import.meta.url),
);

/** The 315 TrailDiscover records, as logged (a few are not objects); throws, naming the path, when the data is missing. */
export function trailDiscoverRecords(): CloudTrailRecord[] {
  let text: string;
  try {
    text = readFileSync(TRAILDISCOVER_EXAMPLES, 'utf8');
  } catch (error) {
    throw new Error(
      `the shared data is missing: ${TRAILDISCOVER_EXAMPLES} (clone ../shared beside the repository): ${String(error)}`,
    );
  }
  return text
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { log: CloudTrailRecord }).log);
}
