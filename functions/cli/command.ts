/** The shape of a CLI command, and the one error type the CLI turns into a clear line plus a hint. */

/** Where a command writes. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: NodeJS.ReadableStream;
}

/** One `ct-anomaly <name>` command. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text, printed by `--help`. */
  usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

/** Exit codes, documented in the README. */
export const ExitCode = { Ok: 0, Error: 1, Usage: 2, AlertAtOrAbove: 3 } as const;

/** An expected failure: printed as `error: <message>` and `hint: <hint>`, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = ExitCode.Usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
