import { event } from '../../case-builder.js';
import { str } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

/** Bedrock model invocation logging switched off: prompts and completions stop being recorded. */
export const invocationLoggingDeleted: RecordRule = {
  id: 'aws.bedrock.invocation-logging-deleted',
  title: 'Bedrock model invocation logging deleted',
  description:
    "DeleteModelInvocationLoggingConfiguration: Amazon Bedrock stops delivering model invocation logs (prompts, completions, token counts) to CloudWatch Logs and S3 in the region. LLMjacking campaigns check this configuration (GetModelInvocationLoggingConfiguration) and remove it before abusing models on the victim's bill (Stratus: aws.defense-evasion.bedrock-model-invocation-logging-delete). The InvokeModel calls themselves still reach CloudTrail, without their content.",
  severity: 'high',
  mitre: { tactic: 'TA0005 Defense Evasion', technique: 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs' },
  runbook:
    "Restore the logging configuration (PutModelInvocationLoggingConfiguration), then review the caller's InvokeModel / Converse calls and the Bedrock spend in the region.",
  prefilter: [clause('bedrock', 'DeleteModelInvocationLoggingConfiguration')],
  match: (r) => isEvent(r, 'bedrock', 'DeleteModelInvocationLoggingConfiguration'),
  titleOf: (r) => `Bedrock model invocation logging deleted in ${str(r.awsRegion) || 'a region'}`,
  cases: [
    {
      name: 'flags the logging configuration deleted (Stratus detonation shape)',
      expect: true,
      record: event('bedrock', 'DeleteModelInvocationLoggingConfiguration'),
    },
    {
      name: 'ignores reading the configuration',
      expect: false,
      record: event('bedrock', 'GetModelInvocationLoggingConfiguration'),
    },
    {
      name: 'ignores a denied attempt',
      expect: false,
      record: event('bedrock', 'DeleteModelInvocationLoggingConfiguration', { error: 'AccessDeniedException' }),
    },
  ],
};
