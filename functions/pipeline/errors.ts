/**
 * The one configuration error of every runtime: a missing or invalid environment variable, config file
 * or deployment setting. The CLI prints it as one line plus a hint; a Lambda fails its cold start with it.
 * @module
 */

/** A configuration error; `problems` lists one line per key (the message joins them). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(message: string, options: { problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.problems = options.problems ?? [message];
  }
}

/** Input the user gave that cannot be read at all (no such path, no CloudTrail in it); `hint` says what to do. */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
