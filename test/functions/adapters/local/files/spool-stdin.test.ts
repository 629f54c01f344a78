import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { spoolStdin } from '../../../../../functions/adapters/local/files/index.js';
import { useTempDir } from '../../../../support/temp-dir.js';

const dir = useTempDir('ct-spool-');

const line = (i: number): string => `${JSON.stringify({ eventTime: '2026-01-05T10:00:00Z', eventName: `E${i}` })}\n`;
/** A stream delivering `text` in pieces of `size` bytes (cuts fall anywhere, mid-record included). */
const pieces = (text: string | Buffer, size: number): Readable => {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return Readable.from(out);
};

describe('spooling standard input', () => {
  it('cuts JSON Lines into chunks at line ends, every byte kept in order', async () => {
    const text = `${Array.from({ length: 3000 }, (_, i) => line(i)).join('')}{"eventName":"trunc`;
    const spooled = await spoolStdin(pieces(text, 333), dir(), 4096);
    expect(spooled.rest).toBeNull();
    expect(spooled.chunks.length).toBeGreaterThan(3);
    const texts = await Promise.all(spooled.chunks.map((c) => readFile(c.path, 'utf8')));
    expect(texts.join('')).toBe(text);
    for (const t of texts.slice(0, -1)) expect(t.endsWith('\n')).toBe(true);
    expect(spooled.chunks.every((c) => c.format === 'lines' && !c.multiline && !c.compressed)).toBe(true);
  });

  it('hands anything but plain JSON Lines back to the JavaScript reader, its first bytes replayed', async () => {
    for (const input of [
      Buffer.from(JSON.stringify({ Records: [{ eventName: 'A', eventTime: '2026-01-05T10:00:00Z' }] })),
      gzipSync(line(1)),
      Buffer.from('{\n  "eventName": "A",\n  "eventTime": "2026-01-05T10:00:00Z"\n}\n'),
    ]) {
      const spooled = await spoolStdin(pieces(input, 7), dir(), 4096);
      expect(spooled.chunks).toEqual([]);
      const back: Buffer[] = [];
      for await (const c of spooled.rest!) back.push(c as Buffer);
      expect(Buffer.concat(back).equals(input)).toBe(true);
    }
  });
});
