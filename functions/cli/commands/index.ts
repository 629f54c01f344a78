/**
 * Every command of the CLI, in the order `--help` lists them. A command's module (and with it DuckDB or
 * the AWS SDK) is imported only when that command runs: the list holds names and summaries, and the
 * bundle holds every command's usage text, collected when it is built (scripts/build-cli.ts).
 */
import type { Command } from '../command.js';

/** A command as the CLI knows it before loading its module. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `ct-anomaly --help`; the build checks it against the module's own. */
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'scan',
    summary: 'scan exported CloudTrail for first-seen behaviour and dangerous actions',
    load: async () => (await import('./scan.js')).scanCommand,
  },
  {
    name: 'hunt',
    summary: "follow one actor (access key, principal, session, IP, event) across an input's accounts, in time order",
    load: async () => (await import('./hunt.js')).huntCommand,
  },
  {
    name: 'demo',
    summary: 'generate a small organization, scan it and score the scan against what was injected',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'generate',
    summary:
      'write a synthetic organization (S3 layout, realistic CloudTrail) with injected anomalies and ground truth',
    load: async () => (await import('./generate.js')).generateCommand,
  },
  {
    name: 'report',
    summary: 'render saved alerts (jsonl) as a self-contained HTML report',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'rules',
    summary: "list the rule catalog, or run every rule's test cases (rules test)",
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  {
    name: 'backfill',
    summary: 'learn an account baseline from the last N days through Athena into DynamoDB (no findings)',
    load: async () => (await import('./backfill.js')).backfillCommand,
  },
  {
    name: 'doctor',
    summary: "check that agents can read their trail, query, read the config and publish; or the fleet's health",
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
];

// The CLI bundle's build replaces this name with { command: usage } as JSON text (esbuild `define`); from
// sources it is undeclared, and `--help` on a command loads the command.
declare const CT_ANOMALY_USAGE: string | undefined;

/** The text `ct-anomaly <command> --help` prints, without loading the command when the bundle carries it. */
export async function usageOf(entry: CommandEntry): Promise<string> {
  const embedded =
    typeof CT_ANOMALY_USAGE === 'undefined'
      ? undefined
      : (JSON.parse(CT_ANOMALY_USAGE) as Record<string, string | undefined>)[entry.name];
  return embedded ?? (await entry.load()).usage;
}
