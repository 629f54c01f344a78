/**
 * Compiles Sigma rules (`logsource: product: aws, service: cloudtrail`) from their texts into record
 * rules with the same contract as the catalog's: a `match` that never throws, a prefilter derived from
 * the condition, severity from `level`, MITRE from `tags`, and cases from a `.cases.jsonl` beside the rule.
 * @module
 */
import type { CloudTrailRecord } from '../../cloudtrail/index.js';
import { RuleOutcome } from '../types.js';
import { CASES_SUFFIX, caseBase, parseCasesFile } from './cases-file.js';
import { type Condition, namesOf, parseCondition } from './condition.js';
import { type SigmaDocument, readSigmaDocument } from './document.js';
import { mitreOfTags } from './mitre-tags.js';
import { clausesOf, conditionPins, type Pins } from './prefilter.js';
import { type CompiledSelection, compileSelection } from './selection.js';
import {
  SigmaCompileError,
  type SigmaCompileResult,
  type SigmaError,
  type SigmaFile,
  type SigmaRule,
} from './types.js';

const RULE_FILE = /\.ya?ml$/i;

/** `sigma.<slug of the file name>`: stable, guessable from the file, never an `aws.` id. */
export function sigmaRuleId(path: string): string {
  const base = (path.split(/[\\/]/).pop() ?? path).replace(RULE_FILE, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `sigma.${slug || 'rule'}`;
}

type Predicate = (record: unknown) => boolean;

function evaluator(
  condition: Condition,
  selections: ReadonlyMap<string, CompiledSelection>,
  line: number | null,
): Predicate {
  switch (condition.kind) {
    case 'ref': {
      const s = selections.get(condition.name);
      if (s === undefined)
        throw new SigmaCompileError(`condition names "${condition.name}", which detection does not define`, line);
      return s.test;
    }
    case 'not': {
      const inner = evaluator(condition.operand, selections, line);
      return (r) => !inner(r);
    }
    case 'and':
    case 'or': {
      const parts = condition.operands.map((o) => evaluator(o, selections, line));
      return condition.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    }
    case 'of': {
      const names = namesOf(condition.pattern, [...selections.keys()]);
      if (names.length === 0)
        throw new SigmaCompileError(`"${condition.pattern}" in the condition matches no selection`, line);
      const parts = names.map((n) => selections.get(n)!.test);
      return condition.quantifier === 'all' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    }
  }
}

function compileOne(file: SigmaFile, doc: SigmaDocument): SigmaRule {
  const selections = new Map<string, CompiledSelection>();
  for (const [name, s] of doc.selections) selections.set(name, compileSelection(name, s.value, doc));
  const pins = new Map<string, Pins>([...selections].map(([n, s]) => [n, s.pins]));
  const parsed = doc.conditions.map((c) => ({ tree: parseCondition(c.text, c.line), line: c.line }));
  const predicates = parsed.map((c) => evaluator(c.tree, selections, c.line));
  const all: Condition = parsed.length === 1 ? parsed[0]!.tree : { kind: 'or', operands: parsed.map((c) => c.tree) };
  const { clauses, broad } = clausesOf(conditionPins(all, pins));
  const sigmaId = doc.sigmaId;
  return {
    id: sigmaRuleId(file.path),
    title: doc.title,
    description: doc.description ?? doc.title,
    severity: doc.severity,
    mitre: mitreOfTags(doc.tags),
    runbook: `Sigma rule ${file.path}${doc.falsepositives.length > 0 ? `; known false positives: ${doc.falsepositives.join('; ')}` : ''}.`,
    prefilter: clauses,
    ...(doc.references.length > 0 ? { references: doc.references } : {}),
    // Sigma rules test errorCode themselves when they care: every outcome reaches them, as in other backends.
    outcome: RuleOutcome.Any,
    match: (record: CloudTrailRecord) => predicates.some((p) => p(record)),
    context: () => ({ sigmaRule: file.path, sigmaId }),
    cases: [],
    source: { path: file.path, sigmaId },
    broadPrefilter: broad,
  };
}

/**
 * Compiles Sigma rule files (`.yml`/`.yaml`) and their cases (`.cases.jsonl`); a file that cannot be
 * compiled is an error naming its path and line, and the others still compile.
 * @example
 * const { rules, errors } = compileSigmaRules([{ path: 'sigma/trail-stopped.yml', text }]);
 */
export function compileSigmaRules(files: readonly SigmaFile[]): SigmaCompileResult {
  const rules: SigmaRule[] = [];
  const errors: SigmaError[] = [];
  const byBase = new Map<string, SigmaRule>();
  const ids = new Map<string, string>();
  for (const file of files.filter((f) => RULE_FILE.test(f.path))) {
    try {
      const rule = compileOne(file, readSigmaDocument(file.text));
      const clash = ids.get(rule.id);
      if (clash !== undefined)
        throw new SigmaCompileError(`rule id ${rule.id} is already taken by ${clash}: rename one of the files`, null);
      ids.set(rule.id, file.path);
      rules.push(rule);
      byBase.set(file.path.replace(RULE_FILE, ''), rule);
    } catch (e) {
      // Rule files are input: whatever a file makes the compiler trip on is that file's error, not the run's.
      const line = e instanceof SigmaCompileError ? e.line : null;
      errors.push({ path: file.path, line, message: e instanceof Error ? e.message : String(e) });
    }
  }
  for (const file of files.filter((f) => !RULE_FILE.test(f.path))) {
    if (!file.path.endsWith(CASES_SUFFIX)) {
      errors.push({
        path: file.path,
        line: null,
        message: 'not a Sigma rule (.yml, .yaml) or cases file (.cases.jsonl)',
      });
      continue;
    }
    const rule = byBase.get(caseBase(file.path));
    const parsed = parseCasesFile(file.path, file.text);
    errors.push(...parsed.errors);
    if (rule === undefined) {
      if (!errors.some((e) => e.path.replace(RULE_FILE, '') === caseBase(file.path)))
        errors.push({ path: file.path, line: null, message: `no rule ${caseBase(file.path)}.yml beside these cases` });
      continue;
    }
    rule.cases.push(...parsed.cases);
  }
  return { rules, errors };
}
