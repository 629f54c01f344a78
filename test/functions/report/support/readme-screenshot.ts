/**
 * Makes docs/images/report.png: `npx tsx test/functions/report/support/readme-screenshot.ts [report.html] [out.png]`.
 * Without a report, renders the synthetic organization used by the tests (400 alerts over a week).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderReport } from '../../../../functions/report/index.js';
import { chromiumPath, launchChromium } from './browser.js';
import { makeOrg } from './make-org.js';

const [given, out = 'docs/images/report.png'] = process.argv.slice(2);
let file = given ? resolve(given) : resolve('test-output/report/readme.html');
if (!given) {
  mkdirSync('test-output/report', { recursive: true });
  writeFileSync(file, renderReport(makeOrg({ alerts: 400, seed: 7 })));
}
const executable = chromiumPath();
if (!executable) throw new Error('no chromium: apt-get install -y chromium');
const browser = await launchChromium(executable);
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`file://${file}`);
  await page.waitForFunction(
    () => (globalThis as unknown as { __report?: { ready: boolean } }).__report?.ready === true,
  );
  const incident = page.locator('#alert-spacer .row:has(.tag-incident)').first();
  if (await incident.count()) await incident.click();
  await page.waitForSelector('#alert-detail .dtitle');
  await page.waitForTimeout(300);
  const panel = (await page.locator('.master-detail').boundingBox())!;
  const top = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
  await page.screenshot({
    path: out,
    clip: { x: 0, y: 0, width: 1440, height: Math.ceil(panel.y + top + panel.height + 16) },
    fullPage: true,
  });
  file = out;
} finally {
  await browser.close();
}
console.log(`wrote ${file}`);
