/** Headless Chromium for the report tests: Debian's chromium, driven by playwright-core; absent -> tests skip with a notice. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [
  process.env['CT_CHROMIUM'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The browser binary, or null when none is installed. */
export function chromiumPath(): string | null {
  return CANDIDATES.find((p): p is string => typeof p === 'string' && p.length > 0 && existsSync(p)) ?? null;
}

/** Starts headless Chromium with no background networking (the machines have no network). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
