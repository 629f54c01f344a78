import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSplunkHecSink, hecEventUrl } from '../../../../functions/adapters/http/index.js';
import type { Alert } from '../../../../functions/engine/findings/index.js';
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
const TOKEN = '11111111-2222-3333-4444-555555555555';

function alerts(n: number): Alert[] {
  return Array.from({ length: n }, (_, i) => ({
    ...hostileAlert(),
    id: `${i.toString(16).padStart(4, '0')}abcdef0123456789abcdef0123`,
  }));
}

describe('Splunk HEC sink', () => {
  it('sends alerts as JSON events with the token header, hostile strings intact as JSON data', async () => {
    const sink = createSplunkHecSink({ url: server.url, token: TOKEN, index: 'security', sleep: noSleep });

    const outcomes = await sink.send(alerts(2));

    expect(outcomes.every((o) => o.ok)).toBe(true);
    const req = server.received[0]!;
    expect(req.path).toBe('/services/collector/event');
    expect(req.headers.authorization).toBe(`Splunk ${TOKEN}`);
    const events = req.body.split('\n').map((l) => JSON.parse(l));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      sourcetype: 'ct-anomaly:alert',
      index: 'security',
      time: Date.parse('2026-11-20T12:00:00.000Z') / 1000,
    });
    expect(events[0].event.values[0]).toBe(HOSTILE);
  });

  it('splits into batches under the byte limit', async () => {
    const sink = createSplunkHecSink({
      url: `${server.url}/services/collector`,
      token: TOKEN,
      maxBatchBytes: 12_000,
      sleep: noSleep,
    });

    const outcomes = await sink.send(alerts(5));

    expect(outcomes.filter((o) => o.ok)).toHaveLength(5);
    expect(server.received.length).toBeGreaterThan(1);
    for (const r of server.received) expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(12_000);
  });

  it('retries 503 and timeouts, then reports the alerts of a batch that never got through, without the token', async () => {
    server.script(
      { status: 503, body: '{"text":"Server is busy","code":9}' },
      { delayMs: 2000 },
      { status: 503 },
      { status: 503 },
    );
    const sink = createSplunkHecSink({ url: server.url, token: TOKEN, sleep: noSleep, timeoutMs: 500, maxAttempts: 4 });

    const outcomes = await sink.send(alerts(2));

    expect(outcomes.map((o) => o.ok)).toEqual([false, false]);
    expect(outcomes[0]!.reason).toContain('Splunk HEC: HTTP 503');
    expect(JSON.stringify(outcomes)).not.toContain(TOKEN);
    expect(server.received).toHaveLength(4);
  });

  it('fails fast on an invalid token (403) and reads a lazy token once', async () => {
    server.script({ status: 403, body: '{"text":"Invalid token","code":4}' });
    let reads = 0;
    const sink = createSplunkHecSink({ url: server.url, token: async () => (reads++, TOKEN), sleep: noSleep });

    const [outcome] = await sink.send(alerts(1));

    expect(outcome).toMatchObject({ ok: false });
    expect(outcome!.reason).toContain('Invalid token');
    expect(server.received).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it('builds the event URL from a base URL or a full one', () => {
    expect(hecEventUrl('https://splunk.example.com:8088/')).toBe(
      'https://splunk.example.com:8088/services/collector/event',
    );
    expect(hecEventUrl('https://splunk.example.com:8088/services/collector')).toBe(
      'https://splunk.example.com:8088/services/collector/event',
    );
    expect(hecEventUrl('https://h/services/collector/event')).toBe('https://h/services/collector/event');
  });
});
