#!/usr/bin/env node
// Runs the bundled CLI in dist/cli/, which `npm ci` (through `prepare`) and `npm pack` build.
// From the TypeScript sources instead: `npm run cli -- <command> [options]`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/main.mjs', import.meta.url);
if (existsSync(bundle)) {
  const { main } = await import(bundle.href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  process.stderr.write(
    'error: the ct-anomaly bundle (dist/cli/) is missing\nhint: run "npm run prepare" in the ct-anomaly folder, or "npm run cli -- <command>" to run from sources\n',
  );
  process.exitCode = 1;
}
