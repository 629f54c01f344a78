/**
 * The code and styles inlined into every report, read once from disk: uPlot's minified build from
 * node_modules (a runtime dependency, so `npx ct-anomaly` works from a clean install with no build step)
 * and the page's own script and styles from `client/`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser script files, concatenated in this order inside one strict-mode function. */
const CLIENT_SCRIPTS = [
  'util.js',
  'state.js',
  'charts.js',
  'tables.js',
  'list.js',
  'detail.js',
  'summary.js',
  'main.js',
] as const;

export interface ReportAssets {
  libraryJs: string;
  libraryCss: string;
  appJs: string;
  appCss: string;
  libraryName: string;
}

let cached: ReportAssets | null = null;

function client(name: string): string {
  return readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');
}

/** The assets, read on first use. Throws (installation error) when uPlot is missing. */
export function loadAssets(): ReportAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let libraryJs: string;
  let libraryCss: string;
  try {
    const dist = dirname(require.resolve('uplot'));
    libraryJs = readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8');
    libraryCss = readFileSync(join(dist, 'uPlot.min.css'), 'utf8');
  } catch (cause) {
    throw new Error('the report needs the "uplot" package: run npm install in the ct-anomaly folder', { cause });
  }
  const body = CLIENT_SCRIPTS.map((name) => `// ---- ${name}\n${client(name)}`).join('\n');
  cached = {
    libraryJs,
    libraryCss,
    appJs: `(function () {\n'use strict';\n${body}\n})();\n`,
    appCss: client('report.css'),
    libraryName: 'uPlot 1.6 (MIT, Leon Sorokin)',
  };
  return cached;
}
