/**
 * The Splunk HTTP Event Collector sink: alerts as JSON events (never concatenated text), batched
 * into requests of at most `maxBatchBytes`, retried on 429/5xx/timeouts. The token is read once
 * (from Secrets Manager at cold start) and never logged.
 * @module
 */
import type { AlertSink, SinkOutcome } from '../../engine/aggregate/index.js';
import type { Alert } from '../../engine/findings/index.js';
import type { Sleep } from '../aws/shared/index.js';
import { postWithRetry } from './post.js';
import { fitAlert } from './fit.js';

export interface SplunkHecSinkOptions {
  /** `https://host:8088` or the full `/services/collector/event` URL. */
  url: string;
  /** The HEC token, or a function resolving it once. */
  token: string | (() => Promise<string>);
  index?: string;
  sourcetype?: string;
  source?: string;
  host?: string;
  /** Largest request body (default 512 KB; HEC's default limit is 1 MB). */
  maxBatchBytes?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  sleep?: Sleep;
  fetch?: typeof fetch;
}

/** The event endpoint for a HEC base URL. */
export function hecEventUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/services\/collector(\/event)?$/.test(trimmed)
    ? trimmed.replace(/\/services\/collector$/, '/services/collector/event')
    : `${trimmed}/services/collector/event`;
}

/** One HEC event for an alert (JSON; `time` in epoch seconds from the alert's creation). */
export function hecEvent(
  alert: Alert,
  o: Pick<SplunkHecSinkOptions, 'index' | 'sourcetype' | 'source' | 'host'>,
): Record<string, unknown> {
  return {
    time: Date.parse(alert.createdAt) / 1000,
    host: o.host ?? 'ct-anomaly',
    source: o.source ?? 'ct-anomaly:aggregator',
    sourcetype: o.sourcetype ?? 'ct-anomaly:alert',
    ...(o.index ? { index: o.index } : {}),
    event: alert,
  };
}

/** Creates the HEC sink (named `splunk`). */
export function createSplunkHecSink(o: SplunkHecSinkOptions): AlertSink {
  const url = hecEventUrl(o.url);
  const maxBytes = o.maxBatchBytes ?? 512 * 1024;
  return {
    name: 'splunk',
    async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
      const token = typeof o.token === 'string' ? o.token : await o.token();
      const batches: Array<{ ids: string[]; lines: string[]; bytes: number }> = [];
      for (const alert of alerts) {
        const line = JSON.stringify(hecEvent(fitAlert(alert, maxBytes - 1024), o));
        const bytes = Buffer.byteLength(line) + 1;
        const current = batches[batches.length - 1];
        if (current && current.bytes + bytes <= maxBytes) {
          current.ids.push(alert.id);
          current.lines.push(line);
          current.bytes += bytes;
        } else batches.push({ ids: [alert.id], lines: [line], bytes });
      }
      const outcomes: SinkOutcome[] = [];
      for (const batch of batches) {
        const result = await postWithRetry({
          label: 'Splunk HEC',
          url,
          headers: { authorization: `Splunk ${token}`, 'content-type': 'application/json' },
          body: batch.lines.join('\n'),
          ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
          ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
          ...(o.sleep ? { sleep: o.sleep } : {}),
          ...(o.fetch ? { fetch: o.fetch } : {}),
        });
        for (const id of batch.ids)
          outcomes.push(result.ok ? { alertId: id, ok: true } : { alertId: id, ok: false, reason: result.reason });
      }
      return outcomes;
    },
  };
}
