import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event } from '../../case-builder.js';
import { str, text } from '../../fields.js';
import { clause, hourlyKey, isEvent } from '../../matchers.js';
import type { RecordRule } from '../../types.js';

const EVENTS = ['PutUseCaseForModelAccess', 'CreateFoundationModelAgreement', 'PutFoundationModelEntitlement'];

/** Access to Bedrock foundation models requested: the use-case form, a model agreement or entitlement. */
export const modelAccessRequested: RecordRule = {
  id: 'aws.bedrock.model-access-requested',
  title: 'Bedrock model access requested',
  description:
    'PutUseCaseForModelAccess (the Anthropic use-case form), CreateFoundationModelAgreement (accepting a model offer) or PutFoundationModelEntitlement: the account gains access to foundation models it could not call before. Seen in LLMjacking intrusions, where attackers enable models on a victim account to resell access; in a legitimate account it happens once per model, when a team adopts Bedrock. Calls by one principal within an hour make one finding.',
  severity: 'medium',
  mitre: { tactic: 'TA0040 Impact', technique: 'T1496.004 Resource Hijacking: Cloud Service Hijacking' },
  runbook:
    "Confirm a team asked for these models; if not, revoke the caller's credentials and look for InvokeModel and Converse calls in every region.",
  prefilter: [clause('bedrock', ...EVENTS)],
  match: (r) => isEvent(r, 'bedrock', ...EVENTS),
  titleOf: (r: CloudTrailRecord) => {
    const model = text(r.requestParameters, 'modelId', 'offerToken');
    return `Bedrock model access requested (${str(r.eventName)}${model === undefined || r.eventName === 'CreateFoundationModelAgreement' ? '' : `, ${model}`}) in ${str(r.awsRegion) || 'a region'}`;
  },
  dedupe: (r) => hourlyKey(r, 'bedrock-access', str(r.userIdentity?.arn)),
  cases: [
    {
      name: 'flags the model use-case form submitted',
      expect: true,
      record: event('bedrock', 'PutUseCaseForModelAccess', { request: { formData: 'HIDDEN_DUE_TO_SECURITY_REASONS' } }),
    },
    {
      name: 'flags a model agreement accepted',
      expect: true,
      record: event('bedrock', 'CreateFoundationModelAgreement', {
        request: { modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0', offerToken: 'HIDDEN' },
      }),
    },
    {
      name: 'ignores listing agreement offers',
      expect: false,
      record: event('bedrock', 'ListFoundationModelAgreementOffers', { request: { modelId: 'anthropic.claude-v2' } }),
    },
    {
      name: 'ignores a denied request',
      expect: false,
      record: event('bedrock', 'PutUseCaseForModelAccess', { error: 'AccessDeniedException' }),
    },
  ],
};
