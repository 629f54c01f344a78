import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleConfigObject, merge, ROOT } from './support/synth.js';
import { makeTempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

describe('infra/main.ts (npm run synth, cdktf synth)', () => {
  const dir = makeTempDir('ct-anomaly-main-');

  it('exits non-zero with one line per bad key, before touching anything else', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      stringify(merge(exampleConfigObject(), { agents: { homeRegion: 'Europe' }, trail: { regions: [] } })),
    );
    const failure = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, CT_ANOMALY_CONFIG: file, CDKTF_OUTDIR: join(dir, 'out') },
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('bad.yaml: invalid config');
    expect(failure?.stderr).toMatch(/- agents\.homeRegion: must be an AWS region name/);
    expect(failure?.stderr).toMatch(/- trail\.regions: list the regions the trail records/);
  });

  it('is what cdktf.json runs for `cdktf synth|deploy`', () => {
    const cdktf = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')) as Record<string, unknown>;
    expect(cdktf.language).toBe('typescript');
    expect(cdktf.app).toBe('npx tsx infra/main.ts');
    expect(cdktf.projectId).toMatch(/^[0-9a-f-]{36}$/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toBe('tsx scripts/build.ts');
    expect(pkg.scripts.synth).toBe('tsx scripts/build.ts && tsx infra/main.ts');
  });
});
