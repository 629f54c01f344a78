/**
 * Retry with capped exponential backoff and full jitter (the AWS Architecture Blog's recommended
 * variant): delay = random(0, min(cap, base * 2^attempt)). Throttling and transient server errors are
 * retried; everything else is thrown at once. Sleep and randomness are injectable for tests.
 * @module
 */
import { errorCode, RetriesExhaustedError } from './errors.js';

/** Error codes AWS services use for throttling or transient failures. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
  'InternalServerException',
  'InternalServerError',
  'InternalFailure',
  'InternalException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TransactionInProgressException',
  'TimeoutError',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/** True when an SDK error is throttling or a transient server/network failure. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
  if (error === null || typeof error !== 'object') return false;
  const e = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  return Boolean(e.$retryable);
}

/** How a backoff behaves. */
export interface BackoffOptions {
  /** First delay ceiling in ms (default 100). */
  baseMs?: number;
  /** Largest delay in ms (default 5,000). */
  capMs?: number;
  /** Random source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** The delay before retry number `attempt` (0-based): full jitter over an exponential ceiling. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 5000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** A sleep that tests can replace. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of {@link withRetry}. */
export interface RetryOptions extends BackoffOptions {
  /** Name for error messages (e.g. `athena:StartQueryExecution`). */
  operation: string;
  /** Attempts in total, first included (default 6). */
  maxAttempts?: number;
  /** Which errors to retry (default {@link isRetryable}). */
  retryable?: (error: unknown) => boolean;
  sleep?: Sleep;
  /** Called before each retry (for logs and counters). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `fn`, retrying retryable errors with jittered backoff; throws RetriesExhaustedError at the end. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const retryable = options.retryable ?? isRetryable;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!retryable(error)) throw error;
      if (attempt + 1 >= maxAttempts) throw new RetriesExhaustedError(options.operation, attempt + 1, error);
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(delay);
    }
  }
}
