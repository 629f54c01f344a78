/** The same options give byte-identical output; another seed gives another organization. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOrganization, resolveOptions } from '../../../functions/generator/index.js';
import { listFiles } from './support.js';
import { makeTempDir } from '../../support/temp-dir.js';

async function fingerprint(seed: string): Promise<{ files: string[]; digest: string }> {
  const dir = makeTempDir(`ct-gen-det-${seed}-`, { inMemory: true });
  const resolved = resolveOptions({ accounts: 3, days: 16, seed, out: dir, activity: 0.05, withMalformed: true });
  if (!resolved.ok) throw new Error(resolved.reason);
  await generateOrganization(resolved.options);
  const files = listFiles(dir);
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(dir, f)));
  return { files, digest: hash.digest('hex') };
}

describe('determinism', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const a = await fingerprint('alpha');
    const b = await fingerprint('alpha');
    const c = await fingerprint('beta');
    expect(a.files.length).toBeGreaterThan(50);
    expect(b.files).toEqual(a.files);
    expect(b.digest).toBe(a.digest);
    expect(c.digest).not.toBe(a.digest);
    expect(c.files).not.toEqual(a.files);
  });
});
