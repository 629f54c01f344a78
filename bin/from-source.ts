/** `npm run cli -- <command> [options]`: the CLI from its TypeScript sources through tsx, without a build. */
import { main } from '../functions/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
