/** The `generate` command: help, usage errors with a hint, and a real run. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCommand } from '../../../functions/cli/commands/generate.js';
import { runCli } from './support/run-cli.js';
import { makeTempDir } from '../../support/temp-dir.js';

const dir = makeTempDir('ct-gen-cli-', { inMemory: true });

describe('ct-anomaly generate', () => {
  it('documents every option in its usage', () => {
    for (const option of [
      '--accounts',
      '--days',
      '--seed',
      '--out',
      '--start',
      '--events',
      '--learning-days',
      '--with-malformed',
      '--org-id',
    ]) {
      expect(generateCommand.usage).toContain(option);
    }
  });

  it('answers an unknown option with one error line, a hint and exit code 2', async () => {
    const { code, err } = await runCli(['generate', '--acounts', '3', '--out', dir]);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: .*--acounts/m);
    expect(err).toMatch(/^hint: .*generate --help/m);
    expect(err.trim().split('\n')).toHaveLength(2);
  });

  it('requires --out and rejects a malformed value', async () => {
    const missing = await runCli(['generate', '--accounts', '2']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--out');
    const bad = await runCli(['generate', '--days', 'ten', '--out', dir]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--days');
  });

  it('generates an organization and prints events, files, bytes and seconds', async () => {
    const { code, out } = await runCli([
      'generate',
      '--accounts',
      '1',
      '--days',
      '2',
      '--seed',
      '9',
      '--activity',
      '0.05',
      '--out',
      dir,
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/events \d+, files \d+, bytes \d+, seconds \d+\.\d/);
    expect(existsSync(join(dir, 'ground-truth.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'generate-summary.json'))).toBe(true);
  });
});
