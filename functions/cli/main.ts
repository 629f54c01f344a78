/**
 * `ct-anomaly`: dispatches to a command, prints help, and turns errors into one clear line plus a
 * hint (the stack only with --debug). Loads only the command it runs: `--help` loads none.
 * @example
 * process.exitCode = await main(['scan', './AWSLogs']);
 */
import { ConfigError, InputError } from '../pipeline/errors.js';
import { COMMANDS, usageOf } from './commands/index.js';
import { CliError, ExitCode, type CommandIo } from './command.js';
import { VERSION } from './version.js';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'ct-anomaly: CloudTrail anomaly detection (first-seen behaviour per principal, rules, cross-account correlation)',
    '',
    'Usage: ct-anomaly <command> [options]     ct-anomaly <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 error, 2 usage error, 3 an alert at or above --fail-on was emitted.',
  ].join('\n');
}

/** Runs the CLI and returns the exit code. */
export async function main(
  argv: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
): Promise<number> {
  // A closed pipe (ct-anomaly rules | head) is the reader's choice, not an error: stop quietly.
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
    throw error;
  });
  const debug = argv.includes('--debug');
  // The bundle's source maps apply to the modules loaded after this: the command's, so its stack traces.
  if (debug) process.setSourceMapsEnabled(true);
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${help()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.Ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`error: unknown command "${name}"\nhint: run "ct-anomaly --help" to list the commands\n`);
    return ExitCode.Usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${await usageOf(entry)}\n`);
    return ExitCode.Ok;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError || error instanceof InputError) {
      io.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error instanceof CliError ? error.exitCode : ExitCode.Usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`error: ${error.message}\nhint: see docs/config.md for the keys and their types\n`);
      return ExitCode.Usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: ${message}\n`);
    io.stderr.write(
      debug && error instanceof Error && error.stack
        ? `${error.stack}\n`
        : 'hint: rerun with --debug for the stack trace\n',
    );
    return ExitCode.Error;
  }
}
