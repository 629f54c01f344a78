/**
 * The code and styles inlined into every report: uPlot's minified build from node_modules and the page's
 * own script and styles from `client/`. Run from sources they are read once from disk; the CLI bundle
 * carries them, embedded when it is built (scripts/build-cli.ts), so the installed package needs neither.
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
  'trail.js',
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

// The CLI bundle's build replaces this name with the assets as JSON text (esbuild `define`: a string is
// inlined where it is used, in the report's chunk); from sources it is undeclared.
declare const CT_ANOMALY_REPORT_ASSETS: string | undefined;

let cached: ReportAssets | null = null;

function client(name: string): string {
  return readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');
}

/** The assets, read on first use. Throws (installation error) when uPlot is missing. */
export function loadAssets(): ReportAssets {
  if (cached) return cached;
  if (typeof CT_ANOMALY_REPORT_ASSETS !== 'undefined')
    return (cached = JSON.parse(CT_ANOMALY_REPORT_ASSETS) as ReportAssets);
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
