/** The `generate` command: help, usage errors with a hint, and a real run. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../../../functions/cli/commands/generate.js';
import { tempDir } from './support.js';

function io(): { stdout: PassThrough; stderr: PassThrough; text: () => { out: string; err: string } } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return { stdout, stderr, text: () => ({ out: out.join(''), err: err.join('') }) };
}

const dir = tempDir('cli');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    const s = io();
    const code = await generateCommand.run(['--acounts', '3', '--out', dir], s);
    expect(code).toBe(2);
    const { err } = s.text();
    expect(err).toMatch(/^error: .*--acounts/m);
    expect(err).toMatch(/^hint: .*generate --help/m);
    expect(err.trim().split('\n')).toHaveLength(2);
  });

  it('requires --out and rejects a malformed value', async () => {
    const missing = io();
    expect(await generateCommand.run(['--accounts', '2'], missing)).toBe(2);
    expect(missing.text().err).toContain('--out');
    const bad = io();
    expect(await generateCommand.run(['--days', 'ten', '--out', dir], bad)).toBe(2);
    expect(bad.text().err).toContain('--days');
  });

  it('generates an organization and prints events, files, bytes and seconds', async () => {
    const s = io();
    const code = await generateCommand.run(
      ['--accounts', '1', '--days', '2', '--seed', '9', '--activity', '0.05', '--out', dir, '--quiet'],
      s,
    );
    expect(code).toBe(0);
    expect(s.text().out).toMatch(/events \d+, files \d+, bytes \d+, seconds \d+\.\d/);
    expect(existsSync(join(dir, 'ground-truth.jsonl'))).toBe(true);
    expect(existsSync(join(dir, 'generate-summary.json'))).toBe(true);
  });
});
