/** The Slack sink: one incoming-webhook POST per alert (Slack has no batch endpoint), retried on 429/5xx/timeouts. */
import type { AlertSink, SinkOutcome } from '../../engine/aggregate/index.js';
import type { Alert } from '../../engine/findings/index.js';
import { mapLimit, type Sleep } from '../aws/shared/index.js';
import { postWithRetry } from './post.js';
import { slackMessage } from './slack-message.js';

export interface SlackSinkOptions {
  /** The webhook URL (a secret: never logged), or a function resolving it once (from Secrets Manager). */
  webhookUrl: string | (() => Promise<string>);
  timeoutMs?: number;
  maxAttempts?: number;
  sleep?: Sleep;
  fetch?: typeof fetch;
}

/** Creates the Slack sink (named `slack`). */
export function createSlackSink(o: SlackSinkOptions): AlertSink {
  return {
    name: 'slack',
    async send(alerts: readonly Alert[]): Promise<SinkOutcome[]> {
      const url = typeof o.webhookUrl === 'string' ? o.webhookUrl : await o.webhookUrl();
      // Sequential-ish: Slack webhooks allow about one message per second per channel.
      return mapLimit(alerts, 2, async (alert) => {
        const result = await postWithRetry({
          label: 'Slack webhook',
          url,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(slackMessage(alert)),
          ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
          ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
          ...(o.sleep ? { sleep: o.sleep } : {}),
          ...(o.fetch ? { fetch: o.fetch } : {}),
        });
        return result.ok ? { alertId: alert.id, ok: true } : { alertId: alert.id, ok: false, reason: result.reason };
      });
    },
  };
}
