/**
 * Opens generated reports in headless Chromium: charts draw, filters give the counts computed here from the
 * same alerts, hostile log strings stay text, nothing is fetched, and 10,000 alerts load and filter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../../../functions/report/index.js';
import { alertSchema, type Alert } from '../../../functions/engine/findings/index.js';
import { chromiumPath, launchChromium } from './support/browser.js';
import { makeOrg } from './support/make-org.js';
import { PAYLOADS, poison } from './support/hostile.js';

const OUT = 'test-output/report';
const executable = chromiumPath();
if (!executable)
  console.warn(
    '[report] NOTICE: browser tests SKIPPED: no chromium found (apt-get install -y chromium, or set CT_CHROMIUM)',
  );

const org = makeOrg({ alerts: 400, seed: 7 });
const hostile = poison(org.alerts[0]!);
const health = alertSchema.parse({
  schemaVersion: 1,
  id: 'ab'.repeat(16),
  kind: 'health',
  title: 'Agent silent for 3 intervals in 123456789012',
  severity: 'high',
  score: 60,
  reasons: ['No heartbeat since 2026-11-19T04:00:00Z'],
  accounts: ['123456789012'],
  principals: [],
  firstEventTime: '2026-11-19T04:00:00Z',
  lastEventTime: '2026-11-19T07:00:00Z',
  findings: [],
  values: [],
  suppressed: null,
  createdAt: '2026-11-19T07:05:00Z',
});
// A record stamped a year ahead: listed, but outside the scanned period, so not drawn on the timeline.
const future = alertSchema.parse({
  ...org.alerts[9]!,
  id: 'cd'.repeat(16),
  suppressed: null,
  firstEventTime: '2027-11-20T10:00:00Z',
  lastEventTime: '2027-11-20T10:00:00Z',
});
const alerts = [hostile, ...org.alerts.slice(1), health, future];
const active = alerts.filter((a) => !a.suppressed);

function write(name: string, html: string): string {
  mkdirSync(OUT, { recursive: true });
  const path = `${process.cwd()}/${OUT}/${name}`;
  writeFileSync(path, html);
  return `file://${path}`;
}

async function open(page: Page, url: string): Promise<number> {
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    () => (globalThis as unknown as { __report?: { ready: boolean } }).__report?.ready === true,
  );
  return Date.now() - started;
}

async function shown(page: Page): Promise<number> {
  const text = (await page.textContent('#shown-count')) ?? '';
  return Number(/Showing ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

/** Waits until the list shows exactly one row (a page function: the report's CSP forbids evaluating strings). */
async function oneRow(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('#alert-spacer .row').length === 1,
  );
}

async function optionStartingWith(page: Page, select: string, prefix: string): Promise<string> {
  const value = await page.$eval(
    select,
    (el, p) =>
      Array.from((el as unknown as { options: ArrayLike<{ text: string; value: string }> }).options).find((o) =>
        o.text.startsWith(p),
      )?.value ?? null,
    prefix,
  );
  if (value === null) throw new Error(`no option starting with "${prefix}" in ${select}`);
  return value;
}

async function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.$$eval(`${selector} canvas`, (canvases) =>
    canvases.reduce((sum, c) => {
      const canvas = c as unknown as {
        width: number;
        height: number;
        getContext(
          kind: '2d',
        ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
      };
      const data =
        canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return sum + n;
    }, 0),
  );
}

describe.skipIf(!executable)('report in a real browser', () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    browser = await launchChromium(executable!);
    url = write('report.html', renderReport({ ...org, alerts }));
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await open(page, url);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the alert timeline with severity colours and the event-volume timeline', async () => {
    expect(await inkedPixels(page, '#chart-alerts')).toBeGreaterThan(2_000);
    expect(await inkedPixels(page, '#chart-volume')).toBeGreaterThan(2_000);
    const legend = await page.$$eval('#chart-alerts .u-legend .u-label', (els) => els.map((e) => e.textContent));
    expect(legend).toEqual(expect.arrayContaining(['critical', 'high', 'medium', 'low', 'info']));
    expect(await page.textContent('#report-error')).toBe('');
    expect(await page.textContent('#outside-note')).toMatch(/^1 alert outside the scanned period/);
    expect(await page.textContent('#overview')).toContain('Nov 14 → Nov 20');
    await page.screenshot({ path: `${OUT}/report.png`, fullPage: true });
  });

  it('lists every unsuppressed alert and ranks the noisiest account first', async () => {
    expect(await shown(page)).toBe(active.length);
    const perAccount = new Map<string, number>();
    for (const a of active) for (const acc of a.accounts) perAccount.set(acc, (perAccount.get(acc) ?? 0) + 1);
    const top = Math.max(...perAccount.values());
    const firstRow = await page.$$eval('#account-rank tr td', (tds) => tds.slice(0, 2).map((t) => t.textContent));
    expect(perAccount.get(firstRow[0]!)).toBe(top);
    expect(Number(firstRow[1]!.replace(/,/g, ''))).toBe(top);
  });

  it('filters by severity, account, kind and text to the counts computed from the alerts', async () => {
    const count = (pred: (a: Alert) => boolean) => active.filter(pred).length;
    await page.click('button.sevtoggle.sev-info');
    await page.click('button.sevtoggle.sev-low');
    expect(await shown(page)).toBe(count((a) => a.severity !== 'info' && a.severity !== 'low'));
    const account = org.alerts[5]!.accounts[0]!;
    await page.selectOption('#f-account', await optionStartingWith(page, '#f-account', `${account} `));
    const sevOk = (a: Alert) => a.severity !== 'info' && a.severity !== 'low';
    expect(await shown(page)).toBe(count((a) => sevOk(a) && a.accounts.includes(account)));
    await page.click('#f-reset');
    await page.selectOption('#f-kind', await optionStartingWith(page, '#f-kind', 'aws.cloudtrail.trail-stopped '));
    expect(await shown(page)).toBe(
      count((a) => a.findings.some((f) => f.detectorId === 'aws.cloudtrail.trail-stopped')),
    );
    await page.selectOption('#f-kind', await optionStartingWith(page, '#f-kind', 'incident '));
    expect(await shown(page)).toBe(count((a) => a.kind === 'incident'));
    await page.click('#f-reset');
    await page.fill('#f-text', 'backup-operator');
    await page.waitForSelector('.fchip');
    // The search looks in the id, title, accounts, principals (name, ARN, key), rule ids and values.
    const haystack = (a: Alert) =>
      [
        a.id,
        a.title,
        ...a.accounts,
        ...a.principals.flatMap((p) => [p.name, p.arn, p.key]),
        ...a.findings.map((f) => f.detectorId),
        ...a.values.slice(0, 8),
      ]
        .join('\n')
        .toLowerCase();
    expect(await shown(page)).toBe(count((a) => haystack(a).includes('backup-operator')));
    await page.click('#f-reset');
    await page.check('#f-suppressed');
    expect(await shown(page)).toBe(alerts.length);
    await page.click('#f-reset');
  });

  it('filters by a principal clicked in the ranking and by a time range dragged on the chart', async () => {
    await page.click('#principal-rank tr:first-child');
    const chip = (await page.textContent('.fchip')) ?? '';
    expect(chip).toMatch(/^Principal: /);
    const name = chip.replace(/^Principal: /, '').replace(/ ×$/, '');
    const keys = new Set(
      active
        .flatMap((a) => a.principals)
        .filter((p) => p.name === name)
        .map((p) => p.key),
    );
    const n = await shown(page);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(active.filter((a) => a.principals.some((p) => keys.has(p.key))).length);
    await page.click('#f-reset');

    await page.locator('#chart-alerts').scrollIntoViewIfNeeded();
    const box = (await page.locator('#chart-alerts .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const time = (await page.textContent('.fchip')) ?? '';
    const m = /^Time: (\S+ \S+) → (\S+ \S+) UTC/.exec(time);
    expect(m).not.toBeNull();
    const from = Date.parse(`${m![1]!.replace(' ', 'T')}:00Z`);
    const to = Date.parse(`${m![2]!.replace(' ', 'T')}:00Z`);
    expect(await shown(page)).toBe(
      active.filter((a) => Date.parse(a.firstEventTime) >= from && Date.parse(a.firstEventTime) < to).length,
    );
    // A click on one bar (no drag) narrows to that bar's time bucket.
    await page.locator('#chart-alerts').scrollIntoViewIfNeeded();
    const bar = (await page.locator('#chart-alerts .u-over').boundingBox())!;
    await page.mouse.click(bar.x + bar.width * 0.62, bar.y + bar.height - 4);
    const one = /^Time: (\S+ \S+) → (\S+ \S+) UTC/.exec((await page.textContent('.fchip')) ?? '');
    expect(Date.parse(`${one![2]!.replace(' ', 'T')}:00Z`) - Date.parse(`${one![1]!.replace(' ', 'T')}:00Z`)).toBe(
      3_600_000,
    );
    await page.click('#f-reset');
    expect(await shown(page)).toBe(active.length);
  });

  it('opens an alert to its reasons, new actions, baseline and raw records', async () => {
    const target = active.find((a) => a.kind === 'first-seen' && a.findings.length > 1 && a !== hostile)!;
    await page.fill('#f-text', target.id);
    await oneRow(page);
    await page.click('#alert-spacer .row');
    await page.waitForSelector('#alert-detail .dtitle');
    const detail = (await page.textContent('#alert-detail')) ?? '';
    expect(detail).toContain(target.title);
    for (const reason of target.reasons) expect(detail).toContain(reason);
    for (const value of target.values) expect(detail).toContain(value);
    expect(detail).toMatch(/Known since \d{4}-\d\d-\d\d \(\d+ days before this alert\), \d+ known actions/);
    const raw = await page.$$eval('#alert-detail pre.json', (pres) =>
      pres.map((p) => JSON.parse(p.textContent ?? 'null')),
    );
    expect(raw.length).toBeGreaterThan(0);
    const ids = new Set(target.findings.flatMap((f) => f.evidence.eventIds));
    for (const record of raw) expect(ids.has(record.eventID)).toBe(true);
    await page.click('#f-reset');
  });

  it('opens an alert with no principal and no finding (agent health)', async () => {
    await page.fill('#f-text', health.id);
    await oneRow(page);
    await page.click('#alert-spacer .row');
    await page.waitForSelector('#alert-detail .dtitle');
    expect(await page.textContent('#alert-detail')).toContain('No principal');
    expect(await page.textContent('#report-error')).toBe('');
    await page.click('#f-reset');
  });

  it('shows hostile log strings as text and never runs them, with and without the CSP', async () => {
    for (const bypassCSP of [false, true]) {
      const context = await browser.newContext({ bypassCSP });
      const p = await context.newPage();
      const seen: string[] = [];
      p.on('dialog', (d) => {
        seen.push(d.message());
        void d.dismiss();
      });
      await open(p, url);
      await p.fill('#f-text', hostile.id);
      await oneRow(p);
      await p.click('#alert-spacer .row');
      await p.waitForSelector('#alert-detail pre.json');
      await p.waitForTimeout(200);
      expect(await p.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(seen).toEqual([]);
      expect(await p.$$eval('img, svg:not(.uplot svg), iframe', (els) => els.length)).toBe(0);
      const text = (await p.textContent('body')) ?? '';
      expect(text).toContain(hostile.title);
      expect(text).toContain(PAYLOADS.scriptTag);
      expect(text).toContain(PAYLOADS.imgOnError);
      await context.close();
    }
    expect(dialogs).toEqual([]);
  });

  it('fetches nothing but the file itself', () => {
    expect(requests.filter((r) => r !== url)).toEqual([]);
  });
});

describe.skipIf(!executable)('report edge cases', () => {
  it('draws an empty report and one whose times span decades without errors', async () => {
    const browser = await launchChromium(executable!);
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await open(
        page,
        write('report-empty.html', renderReport({ alerts: [], summary: null, generatedAt: '2026-11-22T00:00:00Z' })),
      );
      expect(await shown(page)).toBe(0);
      expect(await page.textContent('#chart-alerts')).toContain('No timeline');
      expect(await page.textContent('#summary-body')).toContain('No scan summary');
      expect(await page.textContent('#report-error')).toBe('');
      const odd = [
        org.alerts[1]!,
        { ...org.alerts[2]!, firstEventTime: '1970-01-01T00:00:00Z' },
        { ...org.alerts[3]!, firstEventTime: '2099-12-31T23:00:00Z' },
      ];
      await open(
        page,
        write('report-decades.html', renderReport({ alerts: odd, summary: null, generatedAt: '2026-11-22T00:00:00Z' })),
      );
      expect(await page.textContent('#report-error')).toBe('');
      expect(await inkedPixels(page, '#chart-alerts')).toBeGreaterThan(500);
      expect(await shown(page)).toBe(odd.filter((a) => !a.suppressed).length);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!executable)('trails and pivots', () => {
  it("prints the hunt command for an alert's actors, shell-quoted, and draws a hunt's trail with its raw records", async () => {
    const browser = await launchChromium(executable!);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const target = org.alerts.find((a) => a.kind === 'rule' && !a.suppressed)!;
      const sample = {
        ...target.findings[0]!.evidence.samples[0],
        userIdentity: {
          type: 'AssumedRole',
          accessKeyId: 'ASIAEXAMPLEKEY000001',
          arn: 'arn:aws:sts::111122223333:assumed-role/r/$(touch /tmp/x)',
        },
      };
      const pivoted = {
        ...target,
        findings: [{ ...target.findings[0]!, evidence: { ...target.findings[0]!.evidence, samples: [sample] } }],
      };
      await open(
        page,
        write(
          'report-pivot.html',
          renderReport({
            alerts: [pivoted],
            summary: null,
            generatedAt: '2026-11-22T00:00:00Z',
            pivot: { command: 'npx ct-anomaly hunt ./AWSLogs --state .ct-anomaly' },
          }),
        ),
      );
      await page.click('#alert-spacer .row');
      await page.waitForSelector('#alert-detail .pivot code');
      const commands = await page.$$eval('#alert-detail .pivot code', (codes) => codes.map((c) => c.textContent));
      expect(commands).toContain('npx ct-anomaly hunt ./AWSLogs --state .ct-anomaly --access-key ASIAEXAMPLEKEY000001');
      expect(commands).toContain("npx ct-anomaly hunt ./AWSLogs --state .ct-anomaly --session '$(touch /tmp/x)'");
      const record = { eventID: 'e-1', eventName: 'CreateUser', userAgent: '<script>alert(1)</script>' };
      await open(
        page,
        write(
          'report-trail.html',
          renderReport({
            alerts: [],
            summary: null,
            generatedAt: '2026-11-22T00:00:00Z',
            trail: {
              selectors: ['access-key AKIAEXAMPLEKEY000001'],
              events: [1, 2, 3].map((i) => ({
                time: `2026-02-01T02:3${i}:00Z`,
                accountId: '111122223333',
                region: 'us-east-1',
                who: 'ops (IAMUser)',
                action: 'iam:CreateUser',
                sourceIp: '198.51.100.7',
                accessKeyId: 'AKIAEXAMPLEKEY000001',
                via: 'access-key AKIAEXAMPLEKEY000001',
                marks: i === 1 ? ['first-seen', 'rule:iam.user-created'] : [],
                record: { ...record, eventID: `e-${i}` },
              })),
            },
          }),
        ),
      );
      expect(await page.isVisible('#trail')).toBe(true);
      expect(await page.isVisible('#alert-list')).toBe(false);
      expect(await page.$$eval('#trail-rows tr.ev', (rows) => rows.length)).toBe(3);
      expect(await page.textContent('#trail-rows')).toContain('rule:iam.user-created');
      await page.click('#trail-rows tr.ev');
      const raw = JSON.parse((await page.textContent('#trail-rows pre.json')) ?? 'null') as { userAgent: string };
      expect(raw.userAgent).toBe(record.userAgent);
      expect(await page.textContent('#report-error')).toBe('');
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!executable)('report with 10,000 alerts', () => {
  it('opens and filters (times are printed, not asserted)', async () => {
    const big = makeOrg({ alerts: 10_000, seed: 99 });
    const renderStarted = Date.now();
    const html = renderReport(big);
    const renderMs = Date.now() - renderStarted;
    const url = write('report-10k.html', html);
    const browser = await launchChromium(executable!);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const openMs = await open(page, url);
      const visible = big.alerts.filter((a) => !a.suppressed);
      expect(await shown(page)).toBe(visible.length);
      expect(await page.$$eval('#alert-spacer .row', (rows) => rows.length)).toBeLessThan(60);
      const filterStarted = Date.now();
      await page.click('button.sevtoggle.sev-medium');
      const afterSeverity = await shown(page);
      const filterMs = Date.now() - filterStarted;
      expect(afterSeverity).toBe(visible.filter((a) => a.severity !== 'medium').length);
      const searchStarted = Date.now();
      await page.fill('#f-text', 'terraform');
      await page.waitForSelector('.fchip >> text=Search');
      const searchMs = Date.now() - searchStarted;
      const inPage = await page.evaluate(
        () => (globalThis as unknown as { __report: Record<string, number> }).__report,
      );
      const openDetailStarted = Date.now();
      await page.click('#alert-spacer .row');
      await page.waitForSelector('#alert-detail .dtitle');
      const detailMs = Date.now() - openDetailStarted;
      await page.screenshot({ path: `${OUT}/report-10k.png` });
      console.log(
        `[report] 10,000 alerts: ${(Buffer.byteLength(html) / 1_048_576).toFixed(1)} MB, render ${renderMs} ms, open ${openMs} ms ` +
          `(first render in page ${Math.round(inPage['firstRenderMs'] ?? 0)} ms), severity filter ${filterMs} ms, search ${searchMs} ms ` +
          `(in page ${Math.round(inPage['lastFilterMs'] ?? 0)} ms), details parse ${Math.round(inPage['detailsParseMs'] ?? 0)} ms, open detail ${detailMs} ms`,
      );
    } finally {
      await browser.close();
    }
  });
});
