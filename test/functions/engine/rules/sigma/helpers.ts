// Builds Sigma rule texts for the tests: a valid header around the detection under test.
import { EMPTY_RULE_CONTEXT } from '../../../../../functions/engine/rules/index.js';
import { compileSigmaRules, type SigmaRule } from '../../../../../functions/engine/rules/sigma/index.js';

/** A complete rule text around `detection` (indented YAML lines, without the `detection:` key). */
export function ruleText(detection: string, header = ''): string {
  return `title: Test rule
logsource:
  product: aws
  service: cloudtrail
${header}detection:
${detection
  .trim()
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

/** Compiles one rule; fails the test when it does not compile. */
export function compileOne(detection: string, header = ''): SigmaRule {
  const { rules, errors } = compileSigmaRules([{ path: 'rules/test-rule.yml', text: ruleText(detection, header) }]);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.line}: ${e.message}`).join('; '));
  return rules[0]!;
}

/** Whether the compiled rule matches the record. */
export function matches(rule: SigmaRule, record: Record<string, unknown>): boolean {
  return rule.match(record, EMPTY_RULE_CONTEXT);
}
