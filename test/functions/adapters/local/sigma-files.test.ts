import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigmaFolders } from '../../../../functions/adapters/local/sigma-files.js';
import { useTempDir } from '../../../support/temp-dir.js';

describe('loadSigmaFolders', () => {
  const dir = useTempDir('ct-sigma-files-', 'all');

  beforeAll(() => {
    mkdirSync(join(dir(), 'rules', 'nested'), { recursive: true });
    writeFileSync(join(dir(), 'rules', 'b.yml'), 'title: b');
    writeFileSync(join(dir(), 'rules', 'b.cases.jsonl'), '');
    writeFileSync(join(dir(), 'rules', 'README.md'), '# not a rule');
    writeFileSync(join(dir(), 'rules', 'nested', 'a.yaml'), 'title: a');
    writeFileSync(join(dir(), 'single.yml'), 'title: s');
  });

  it('reads rule and cases files recursively, in a stable order, relative to a base folder', async () => {
    const { files, problems } = await loadSigmaFolders(['rules', 'single.yml'], { baseDir: dir() });
    expect(problems).toEqual([]);
    expect(files.map((f) => f.path.slice(dir().length + 1))).toEqual([
      join('rules', 'b.cases.jsonl'),
      join('rules', 'b.yml'),
      join('rules', 'nested', 'a.yaml'),
      'single.yml',
    ]);
    expect(files.at(-1)?.text).toBe('title: s');
  });

  it('reports a folder that does not exist instead of skipping it', async () => {
    const { files, problems } = await loadSigmaFolders([join(dir(), 'missing')]);
    expect(files).toEqual([]);
    expect(problems).toEqual([{ path: join(dir(), 'missing'), reason: 'ENOENT' }]);
  });
});
