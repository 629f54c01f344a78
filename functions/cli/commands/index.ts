/** Every command of the CLI, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { scanCommand } from './scan.js';

export const COMMANDS: readonly Command[] = [scanCommand];
