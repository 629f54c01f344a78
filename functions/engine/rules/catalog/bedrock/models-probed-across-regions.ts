import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { str, text } from '../../fields.js';
import { clause, isEvent } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import { burstActor, deniedNote, flagValues, principalObservation, principalTypeIn, succeededCalls } from '../burst.js';

const INVOKE = ['InvokeModel', 'InvokeModelWithResponseStream', 'Converse', 'ConverseStream'];
const PROBE = [
  'ListFoundationModels',
  'GetFoundationModelAvailability',
  'ListFoundationModelAgreementOffers',
  'GetUseCaseForModelAccess',
];
/** Long-term and federated credentials: what leaked keys are, and what few production workloads use for Bedrock. */
const KEY_HOLDERS = ['IAMUser', 'Root', 'FederatedUser'];

const regionOf = (r: CloudTrailRecord): string[] =>
  isEvent(r, 'bedrock', ...INVOKE, ...PROBE) && str(r.awsRegion) !== '' ? [str(r.awsRegion)] : [];

function observe(r: CloudTrailRecord): Observation | null {
  const model = text(r.requestParameters, 'modelId');
  return principalObservation(r, regionOf(r), model === undefined ? [] : [`model:${model}`]);
}

function present(b: Burst): BurstPresentation {
  return {
    title: `${burstActor(b)} probed Bedrock models in ${b.targets.length} regions (${b.targets.slice(0, 5).join(', ')})${deniedNote(b)}`,
    severity: principalTypeIn(b, new Set(KEY_HOLDERS)) ? 'high' : 'medium',
    context: {
      principal: b.actor,
      regions: b.targets,
      models: flagValues(b, 'model').slice(0, 10),
      calls: b.calls,
      failed: b.calls - succeededCalls(b),
    },
  };
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-3', 'ap-northeast-1'];
const probe = (region: string, as = identity.user('christophe')): CloudTrailRecord =>
  event('bedrock', 'InvokeModel', {
    as,
    region,
    request: { modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0' },
    error: 'ValidationException',
    errorMessage: 'max_tokens_to_sample: range: 1..1,000,000',
  });

/** One principal trying Bedrock models in several regions at once: the first step of LLMjacking (Stratus bedrock-enumerate-models-multiple-regions). */
export const modelsProbedAcrossRegions: WindowRule = {
  id: 'aws.bedrock.models-probed-across-regions',
  scope: 'window',
  title: 'Bedrock models probed across regions',
  description:
    'Within the sliding span (`rules.burst`, default 60 minutes), one principal calls Bedrock model APIs (InvokeModel, InvokeModelWithResponseStream, Converse, ConverseStream, ListFoundationModels, GetFoundationModelAvailability, ListFoundationModelAgreementOffers, GetUseCaseForModelAccess) in at least `rules.thresholds.bedrockRegions` (default 3) regions, whatever the outcome. LLMjacking campaigns test a stolen key this way (often with deliberately invalid parameters, so the calls fail with ValidationException and cost nothing) before selling or using access to the models. High for long-term keys (IAM user, root) and federation tokens, medium for roles. To keep the candidate volume low, model invocations are fetched only for IAM users, root and federated users; the listing calls for everyone. Cross-region inference is logged in the calling region and does not add regions.',
  severity: 'high',
  mitre: { tactic: 'TA0007 Discovery', technique: 'T1580 Cloud Infrastructure Discovery' },
  runbook:
    'If the principal is not a known Bedrock user, deactivate its access keys, check Bedrock model access (PutUseCaseForModelAccess, agreements) and spend in every region listed.',
  prefilter: [clause('bedrock', ...PROBE), { ...clause('bedrock', ...INVOKE), identityTypes: KEY_HOLDERS }],
  observe,
  threshold: (_actor, ctx) => Math.max(2, thresholdsOf(ctx).bedrockRegions),
  present,
  cases: [
    {
      name: 'flags invalid InvokeModel calls in four regions (Stratus detonation shape)',
      expect: 1,
      records: REGIONS.map((r) => probe(r)),
    },
    {
      name: 'flags a role listing models in three regions',
      expect: 1,
      records: REGIONS.slice(0, 3).map((region) =>
        event('bedrock', 'ListFoundationModels', { as: identity.role('lambda-genai'), region }),
      ),
    },
    {
      name: 'ignores an application invoking models in two regions',
      expect: 0,
      records: [
        ...Array.from({ length: 20 }, () => probe('us-east-1', identity.user('chatbot'))),
        probe('us-west-2', identity.user('chatbot')),
      ],
    },
    {
      name: 'ignores three principals in three regions',
      expect: 0,
      records: [
        probe('us-east-1', identity.user('a')),
        probe('us-west-2', identity.user('b')),
        probe('eu-west-3', identity.user('c')),
      ],
    },
  ],
};
