/**
 * `ct-anomaly rules`: lists the rule catalog; `ct-anomaly rules test` runs every rule's inline cases
 * (through each rule's prefilter, as a scan would) and exits 1 when one fails.
 * @module
 */
import { type Config, enabledRules, globMatcher } from '../../engine/config/index.js';
import { RULES, type Rule, runRuleCases } from '../../engine/rules/index.js';
import type { SigmaRule } from '../../engine/rules/sigma/index.js';
import { CliError, type Command, type CommandIo, ExitCode } from '../command.js';
import { parseCommandArgs } from '../options.js';
import { loadRuleSources } from './rules-sources.js';

const usage = `Usage: ct-anomaly rules [list] [options]
       ct-anomaly rules test [options]

list (default)   the catalog: id, severity, MITRE ATT&CK tactic and technique, title
test             runs every rule's inline positive and negative cases; exit 1 if one fails

Options:
  --rule <glob>      only rules whose id matches (e.g. "aws.iam.*")
  --config <file>    mark the rules the config disables (rules.disabled), show severity overrides, and add
                     the Sigma rules of rules.sigma (listed and tested like the catalog)
  --format <f>       list as table (default), json or markdown
  -v, --verbose      test: print every case, not only failures`;

const OPTIONS = {
  rule: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

const write = (io: CommandIo, text: string): void => void io.stdout.write(`${text}\n`);
const mitreIds = (r: Rule): string => `${r.mitre.tactic.split(' ')[0]}/${r.mitre.technique.split(' ')[0]}`;
const isSigma = (r: Rule): r is SigmaRule => r.id.startsWith('sigma.');
const BROAD = 'pins no eventSource, eventName or other column the prefilter reads: every event is a candidate';

function list(io: CommandIo, rules: readonly Rule[], config: Pick<Config, 'rules'> | null, format: string): void {
  const enabled = new Set(config ? enabledRules(rules, config).map((r) => r.id) : rules.map((r) => r.id));
  const severity = (r: Rule): string => config?.rules.severity[r.id] ?? r.severity;
  if (format === 'json') {
    const rows = rules.map((r) => ({
      id: r.id,
      severity: severity(r),
      enabled: enabled.has(r.id),
      mitre: r.mitre,
      title: r.title,
      description: r.description,
      runbook: r.runbook,
      ...(isSigma(r) ? { source: r.source.path, broadPrefilter: r.broadPrefilter } : {}),
    }));
    write(io, JSON.stringify(rows, null, 2));
    return;
  }
  if (format === 'markdown') {
    write(io, '| Rule id | Severity | MITRE ATT&CK | What it catches |\n|---|---|---|---|');
    for (const r of rules)
      write(
        io,
        `| \`${r.id}\` | ${severity(r)} | ${r.mitre.tactic}; ${r.mitre.technique} | ${r.description.replace(/\|/g, '\\|')} |`,
      );
    return;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  write(io, `${'RULE'.padEnd(width)}  SEVERITY  MITRE             TITLE`);
  for (const r of rules) {
    const off = enabled.has(r.id) ? '' : ' [disabled by config]';
    const broad = isSigma(r) && r.broadPrefilter ? ' [broad prefilter]' : '';
    write(io, `${r.id.padEnd(width)}  ${severity(r).padEnd(8)}  ${mitreIds(r).padEnd(16)}  ${r.title}${off}${broad}`);
  }
  const sigma = rules.filter(isSigma);
  write(
    io,
    `${rules.length} rules${sigma.length > 0 ? ` (${sigma.length} Sigma)` : ''}${config ? `, ${rules.filter((r) => enabled.has(r.id)).length} enabled by the config` : ''}`,
  );
  for (const r of sigma.filter((s) => s.broadPrefilter && enabled.has(s.id)))
    io.stderr.write(`warning: ${r.id} (${r.source.path}) ${BROAD}; pin eventSource or eventName to keep scans fast\n`);
}

function test(io: CommandIo, rules: readonly Rule[], verbose: boolean): number {
  let passed = 0;
  let failed = 0;
  for (const rule of rules) {
    const results = runRuleCases(rule);
    const bad = results.filter((r) => !r.passed);
    passed += results.length - bad.length;
    failed += bad.length;
    if (results.length === 0 && isSigma(rule)) {
      write(io, `none  ${rule.id} (no cases: add ${rule.source.path.replace(/\.ya?ml$/i, '')}.cases.jsonl)`);
      continue;
    }
    write(io, `${bad.length === 0 ? 'ok  ' : 'FAIL'}  ${rule.id} (${results.length} cases)`);
    for (const r of results)
      if (verbose || !r.passed)
        write(io, `      ${r.passed ? 'pass' : 'FAIL'}  ${r.name}${r.problem ? `: ${r.problem}` : ''}`);
  }
  write(io, `${passed} cases passed, ${failed} failed, ${rules.length} rules`);
  return failed === 0 ? ExitCode.Ok : ExitCode.Error;
}

/** The `rules` command. */
export const rulesCommand: Command = {
  name: 'rules',
  summary: "list the rule catalog, or run every rule's test cases (rules test)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('rules', argv, OPTIONS);
    const [action = 'list', ...rest] = positionals;
    if (!['list', 'test'].includes(action) || rest.length > 0) {
      throw new CliError(
        `unknown rules action "${[action, ...rest].join(' ')}"`,
        'use "ct-anomaly rules" or "ct-anomaly rules test"',
      );
    }
    const format = values.format ?? 'table';
    if (!['table', 'json', 'markdown'].includes(format))
      throw new CliError(`--format must be table, json or markdown, got "${format}"`);
    const sources = await loadRuleSources(values.config, io);
    const all: readonly Rule[] = [...RULES, ...sources.sigma];
    const only = values.rule === undefined ? null : globMatcher(values.rule);
    const rules = only === null ? all : all.filter((r) => only(r.id));
    if (rules.length === 0)
      throw new CliError(`no rule matches "${values.rule}"`, 'run "ct-anomaly rules" to list the ids');
    if (action === 'test') return test(io, rules, values.verbose === true);
    list(io, rules, sources.config, format);
    return ExitCode.Ok;
  },
};
