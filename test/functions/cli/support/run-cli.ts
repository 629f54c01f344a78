/** The one I/O capture of the CLI tests: runs `ct-anomaly <argv>` in process and returns its exit code and output. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../../functions/cli/main.js';

/** What a command printed. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI with `argv`; `stdin` is text or a stream for commands reading `-`. */
export async function runCli(argv: readonly string[], o: { stdin?: string | Buffer | Readable } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (d: Buffer) => chunks.out.push(d));
  stderr.on('data', (d: Buffer) => chunks.err.push(d));
  const stdin =
    o.stdin === undefined ? undefined : o.stdin instanceof Readable ? o.stdin : Readable.from([Buffer.from(o.stdin)]);
  const code = await main([...argv], { stdout, stderr, ...(stdin ? { stdin } : {}) });
  stdout.end();
  stderr.end();
  return { code, out: Buffer.concat(chunks.out).toString('utf8'), err: Buffer.concat(chunks.err).toString('utf8') };
}
