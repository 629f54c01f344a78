/** Errors of the AWS adapters: one base class, subclasses carry the AWS `cause`. */

/** Base error of every AWS adapter: something AWS refused or a deadline passed. */
export class AwsAdapterError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A retried call still failed after its last attempt; `cause` is the last error. */
export class RetriesExhaustedError extends AwsAdapterError {
  constructor(
    readonly operation: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${operation} failed after ${attempts} attempt(s): ${errorMessage(cause)}`, { cause });
  }
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}

/** The AWS error code of an SDK error (`name`, or `Code` / `__type` on raw shapes). */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown; __type?: unknown };
  for (const v of [e.name, e.Code, e.code, e.__type]) {
    if (typeof v === 'string' && v !== 'Error') return v.includes('#') ? v.slice(v.lastIndexOf('#') + 1) : v;
  }
  return undefined;
}
