import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { text } from '../../fields.js';
import { clause, isEvent, named } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

const guardrail = (r: CloudTrailRecord): string | undefined =>
  text(r.requestParameters, 'guardrailIdentifier')?.split('/').pop();

/** A Bedrock guardrail deleted: the content filters, denied topics and PII redaction it enforced are gone. */
export const guardrailDeleted: RecordRule = {
  id: 'aws.bedrock.guardrail-deleted',
  title: 'Bedrock guardrail deleted',
  description:
    'DeleteGuardrail (the whole guardrail, not a single version: a guardrailVersion in the request only removes that version): applications that referenced it lose their content filters, denied topics, word filters and sensitive-information redaction, and calls naming it start failing (Stratus: aws.defense-evasion.bedrock-guardrail-delete).',
  severity: 'medium',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.001 Impair Defenses: Disable or Modify Tools' },
  runbook:
    "Confirm the deletion with the application owner; recreate the guardrail from its definition and check the caller's other Bedrock calls.",
  prefilter: [clause('bedrock', 'DeleteGuardrail')],
  match: (r) => isEvent(r, 'bedrock', 'DeleteGuardrail') && text(r.requestParameters, 'guardrailVersion') === undefined,
  titleOf: (r) => `Bedrock guardrail${named(guardrail(r))} deleted`,
  context: (r) => ({ guardrail: guardrail(r) ?? null }),
  cases: [
    {
      name: 'flags a guardrail deleted (Stratus detonation shape)',
      expect: true,
      record: event('bedrock', 'DeleteGuardrail', {
        request: { guardrailIdentifier: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/5wa8ee6xfkzb' },
      }),
    },
    {
      name: 'ignores deleting one version',
      expect: false,
      record: event('bedrock', 'DeleteGuardrail', {
        request: { guardrailIdentifier: '5wa8ee6xfkzb', guardrailVersion: '2' },
      }),
    },
    {
      name: 'ignores updating a guardrail',
      expect: false,
      record: event('bedrock', 'UpdateGuardrail', { request: { guardrailIdentifier: '5wa8ee6xfkzb' } }),
    },
  ],
};
