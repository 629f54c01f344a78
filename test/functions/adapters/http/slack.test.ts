import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSink, escapeMrkdwn, slackMessage } from '../../../../functions/adapters/http/index.js';
import { HOSTILE, hostileAlert } from './hostile.js';
import { startServer, type ScriptedServer } from './server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(() => {
  server.received.length = 0;
  server.script();
});

const noSleep = async () => undefined;

/** Every text object of a message, with its type. */
function texts(value: unknown, out: Array<{ type: string; text: string }> = []): Array<{ type: string; text: string }> {
  if (Array.isArray(value)) value.forEach((v) => texts(v, out));
  else if (value !== null && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ((v.type === 'mrkdwn' || v.type === 'plain_text') && typeof v.text === 'string')
      out.push({ type: v.type, text: v.text });
    Object.values(v).forEach((x) => texts(x, out));
  }
  return out;
}

describe('Slack message', () => {
  it('renders hostile log strings as text: no mention, link or formatting survives in mrkdwn', () => {
    const message = slackMessage(hostileAlert());
    const mrkdwn = [
      ...texts(message.blocks)
        .filter((t) => t.type === 'mrkdwn')
        .map((t) => t.text),
      message.text as string,
    ];

    for (const text of mrkdwn) {
      expect(text).not.toMatch(/<|>/);
      expect(text).not.toMatch(/@here|@channel/);
    }
    const all = mrkdwn.join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;https://evil.example|click here&gt;');
    expect(all).toContain('&amp;');
    // Formatting characters only ever appear inside inline code spans.
    const outsideCode = all.replace(/`[^`]*`/g, '');
    expect(outsideCode).not.toContain('*bold*');
    expect(outsideCode).not.toContain('_it_');
    // Every mrkdwn object opts out of automatic link and mention parsing.
    expect(JSON.stringify(message)).not.toContain('"verbatim":false');
    expect(
      texts(message.blocks)
        .filter((t) => t.type === 'plain_text')
        .some((t) => t.text.includes(HOSTILE.split('\n')[0]!)),
    ).toBe(true);
  });

  it('gives the analyst the accounts, who, when, what, why and a link to the event', () => {
    const message = JSON.stringify(slackMessage(hostileAlert()));
    expect(message).toContain('HIGH · New behaviour · score 72');
    expect(message).toContain('`111111111111`');
    expect(message).toContain('eu-west-1.console.aws.amazon.com/cloudtrail/home?region=eu-west-1#/events/');
    expect(message).toContain('• User agent');
  });

  it('escapes the Slack control characters and breaks broadcast mentions', () => {
    expect(escapeMrkdwn('a & <b> @here @Channel @everyone x@example.com')).toBe(
      'a &amp; &lt;b&gt; @\u2060here @\u2060Channel @\u2060everyone x@example.com',
    );
  });
});

describe('Slack sink', () => {
  it('posts one Block Kit message per alert', async () => {
    const sink = createSlackSink({ webhookUrl: `${server.url}/services/T000/B000/XXXX`, sleep: noSleep });
    const outcomes = await sink.send([hostileAlert()]);

    expect(outcomes).toEqual([{ alertId: hostileAlert().id, ok: true }]);
    expect(JSON.parse(server.received[0]!.body).blocks.length).toBeGreaterThan(3);
  });

  it('retries 429 and 5xx, and reports failure without the webhook URL after the last attempt', async () => {
    server.script({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 500 });
    const sink = createSlackSink({
      webhookUrl: `${server.url}/services/T000/B000/SECRETPART`,
      sleep: noSleep,
      maxAttempts: 3,
    });

    const [outcome] = await sink.send([hostileAlert()]);

    expect(server.received).toHaveLength(3);
    expect(outcome!.ok).toBe(false);
    expect(outcome!.reason).toContain('HTTP 500');
    expect(outcome!.reason).not.toContain('SECRETPART');
  });

  it('treats a timeout as retryable and succeeds on the next attempt', async () => {
    server.script({ delayMs: 2000 });
    const sink = createSlackSink({ webhookUrl: server.url, sleep: noSleep, timeoutMs: 500 });

    const [outcome] = await sink.send([hostileAlert()]);

    expect(outcome!.ok).toBe(true);
    expect(server.received).toHaveLength(2);
  });

  it('does not retry a 400 (a malformed payload will not get better)', async () => {
    server.script({ status: 400, body: 'invalid_blocks' });
    const sink = createSlackSink({ webhookUrl: server.url, sleep: noSleep });

    const [outcome] = await sink.send([hostileAlert()]);

    expect(outcome).toMatchObject({ ok: false, reason: 'Slack webhook: HTTP 400 invalid_blocks' });
    expect(server.received).toHaveLength(1);
  });
});
