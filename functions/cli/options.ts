/** Option parsing shared by the commands: node:util parseArgs with clear errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses argv for a command; unknown or malformed options become a CliError naming the command's --help. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? 'invalid option') : String(error);
    throw new CliError(
      message.replace(/^TypeError \[[A-Z_]+\]: /, ''),
      `run "ct-anomaly ${command} --help" for the options`,
    );
  }
}

/** Parses a non-negative integer option. */
export function intOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new CliError(`--${name} must be an integer >= ${min}, got "${value}"`);
  return Number(value);
}

/** Parses a duration like 15m, 1h, 2d, 90s or a bare number of minutes, into minutes. */
export function durationMinutes(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(value.trim());
  if (!m) throw new CliError(`--${name} must be a duration like 15m, 1h or 1d, got "${value}"`);
  const n = Number(m[1]);
  const minutes = m[2] === 's' ? n / 60 : m[2] === 'h' ? n * 60 : m[2] === 'd' ? n * 1440 : n;
  return Math.round(minutes);
}
