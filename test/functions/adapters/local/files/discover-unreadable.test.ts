import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { discoverInputs } from '../../../../../functions/adapters/local/files/discover.js';
import { useTempDir } from '../../../../support/temp-dir.js';

// Root can list any folder, so a permission error is simulated at the file system boundary:
// listing any folder named `locked` fails the way it does for an unprivileged user.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: Parameters<typeof real.readdirSync>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('locked'))
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES' });
    return (real.readdirSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readdirSync;
  return { ...real, readdirSync, default: { ...real, readdirSync } };
});

const dir = useTempDir('ct-locked-', 'all');
beforeAll(async () => {
  await mkdir(join(dir(), 'a', 'locked'), { recursive: true });
  await writeFile(join(dir(), 'a', 'locked', 'hidden.json'), '{"Records":[]}');
  await writeFile(
    join(dir(), 'a', 'visible.jsonl'),
    '{"eventTime":"2024-01-01T00:00:00Z","eventName":"ListBuckets"}\n',
  );
});

describe('a folder that cannot be listed', () => {
  it('is reported as unreadable with the error code, and the walk goes on', async () => {
    const { files, skipped } = await discoverInputs([dir()]);
    expect(skipped).toEqual([{ path: join(dir(), 'a', 'locked'), reason: 'unreadable', detail: 'EACCES' }]);
    expect([...files].map((f) => f.path)).toEqual([join(dir(), 'a', 'visible.jsonl')]);
  });
});
