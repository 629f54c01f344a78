/**
 * POST with a timeout and retries for webhook-style sinks: 5xx, 429 (honouring Retry-After), timeouts
 * and network errors are retried with jittered backoff; other 4xx are final. Errors name the sink,
 * never the URL or headers (a Slack webhook URL and a HEC token are secrets).
 * @module
 */
import { backoffDelay, realSleep, type Sleep } from '../aws/shared/index.js';

export interface PostOptions {
  /** Sink name used in error reasons (e.g. `Splunk HEC`); never the URL. */
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Per-attempt timeout (default 5,000 ms). */
  timeoutMs?: number;
  /** Attempts in total (default 4). */
  maxAttempts?: number;
  /** Longest wait honoured from a Retry-After header (default 10,000 ms). */
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  fetch?: typeof fetch;
}

/** What a POST achieved. */
export type PostResult =
  | { ok: true; status: number; body: string; attempts: number }
  | { ok: false; status: number | null; reason: string; retryable: boolean; attempts: number };

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** POSTs `body`, retrying what can be retried. Never throws. */
export async function postWithRetry(o: PostOptions): Promise<PostResult> {
  const maxAttempts = o.maxAttempts ?? 4;
  const sleep = o.sleep ?? realSleep;
  const doFetch = o.fetch ?? fetch;
  let last: PostResult = { ok: false, status: null, reason: `${o.label}: not attempted`, retryable: true, attempts: 0 };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let wait: number | null = null;
    try {
      const response = await doFetch(o.url, {
        method: 'POST',
        headers: o.headers,
        body: o.body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { ok: true, status: response.status, body: text, attempts: attempt };
      const retryable = response.status === 429 || response.status >= 500;
      last = {
        ok: false,
        status: response.status,
        reason: `${o.label}: HTTP ${response.status} ${text.slice(0, 200)}`.trim(),
        retryable,
        attempts: attempt,
      };
      if (!retryable) return last;
      wait = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const code = (error as { cause?: { code?: string } }).cause?.code;
      last = {
        ok: false,
        status: null,
        reason: `${o.label}: ${timedOut ? `no answer within ${o.timeoutMs ?? 5000} ms` : `network error ${code ?? name}`}`,
        retryable: true,
        attempts: attempt,
      };
    }
    if (attempt < maxAttempts) {
      const backoff = backoffDelay(attempt - 1, { baseMs: 200, capMs: 5000 });
      await sleep(wait !== null ? Math.min(wait, o.maxRetryAfterMs ?? 10_000) : backoff);
    }
  }
  return last;
}
