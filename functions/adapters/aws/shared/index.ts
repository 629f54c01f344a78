export { AwsAdapterError, RetriesExhaustedError, errorCode, errorMessage } from './errors.js';
export {
  RETRYABLE_CODES,
  isRetryable,
  backoffDelay,
  withRetry,
  realSleep,
  type BackoffOptions,
  type RetryOptions,
  type Sleep,
} from './retry.js';
export { AwsCallCounter, type AwsCallCounts } from './call-counter.js';
export { mapLimit, chunk } from './pool.js';
