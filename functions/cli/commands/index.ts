/** Every command of the CLI, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { backfillCommand } from './backfill.js';
import { demoCommand } from './demo.js';
import { generateCommand } from './generate.js';
import { reportCommand } from './report.js';
import { rulesCommand } from './rules.js';
import { scanCommand } from './scan.js';

export const COMMANDS: readonly Command[] = [
  scanCommand,
  demoCommand,
  generateCommand,
  reportCommand,
  rulesCommand,
  backfillCommand,
];
