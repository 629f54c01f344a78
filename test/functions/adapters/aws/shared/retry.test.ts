import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  chunk,
  isRetryable,
  mapLimit,
  RetriesExhaustedError,
  withRetry,
} from '../../../../../functions/adapters/aws/shared/index.js';

const error = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: status === undefined ? {} : { httpStatusCode: status } });

describe('retry helpers', () => {
  it('classifies throttling and server errors as retryable, client errors not', () => {
    expect(isRetryable(error('TooManyRequestsException'))).toBe(true);
    expect(isRetryable(error('ProvisionedThroughputExceededException'))).toBe(true);
    expect(isRetryable(error('SomethingNew', 503))).toBe(true);
    expect(isRetryable(error('ConditionalCheckFailedException', 400))).toBe(false);
    expect(isRetryable(error('AccessDeniedException', 400))).toBe(false);
    expect(isRetryable('boom')).toBe(false);
  });

  it('backs off with full jitter under an exponential ceiling and a cap', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 100, capMs: 1000, random: () => 0.999 }))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(5, { random: () => 0 })).toBe(0);
  });

  it('retries retryable errors, then gives up with the last cause; throws others at once', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const ok = await withRetry(async () => (++calls < 3 ? Promise.reject(error('ThrottlingException')) : 'done'), {
      operation: 'x:Y',
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    const exhausted = await withRetry(async () => Promise.reject(error('ThrottlingException')), {
      operation: 'x:Z',
      maxAttempts: 2,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    const denied = await withRetry(async () => Promise.reject(error('AccessDeniedException')), {
      operation: 'x:W',
      sleep: async () => {},
    }).catch((e: unknown) => e);

    expect(ok).toBe('done');
    expect(sleeps).toEqual([50, 100]);
    expect(exhausted).toBeInstanceOf(RetriesExhaustedError);
    expect((exhausted as Error).message).toBe(
      'x:Z failed after 2 attempt(s): ThrottlingException: ThrottlingException',
    );
    expect((denied as Error).name).toBe('AccessDeniedException');
  });

  it('maps with bounded concurrency, keeping order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
