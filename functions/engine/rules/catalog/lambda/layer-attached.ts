import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { CASE_ACCOUNT, FOREIGN_ACCOUNT, SIBLING_ACCOUNT, event, identity } from '../../case-builder.js';
import { organizationBasis, outsideAccounts } from '../../context.js';
import { field, strings } from '../../fields.js';
import { clause, isEvent, named, req, reqText } from '../../matchers.js';
import type { RecordRule, RuleContext } from '../../types.js';

/**
 * Accounts that publish widely used public layers (AWS Lambda Insights, AWS Parameters and Secrets
 * extension, AWS AppConfig, ADOT, Powertools; Datadog, New Relic, Dynatrace, Sentry, Lumigo, Epsagon).
 */
const PUBLISHERS = new Set([
  '580247275435',
  '177933569100',
  '027255383542',
  '901920570463',
  '017000801446',
  '094274105915',
  '464622532012',
  '451483290750',
  '725887861453',
  '943013980633',
  '114300393969',
  '066549572091',
]);

/** Request keys that come with a layer change without being a configuration change of their own. */
const LAYER_ONLY_KEYS = new Set(['functionname', 'layers', 'revisionid']);

const layersOf = (r: CloudTrailRecord): string[] => strings(req(r, 'layers'));
const ownerOf = (arn: string): string | undefined => /^arn:[^:]+:lambda:[^:]*:(\d{12}):layer:/.exec(arn)?.[1];

function emptyEnvironment(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object') return false;
  const vars = field(value, 'variables');
  return (
    Object.keys(value).length === 0 ||
    (vars !== null && typeof vars === 'object' && Object.keys(vars).length === 0 && Object.keys(value).length === 1)
  );
}

/** Only layers change: what a backdoor looks like, unlike a deployment that sends the whole configuration. */
function layerOnly(r: CloudTrailRecord): boolean {
  const p = r.requestParameters ?? {};
  return Object.entries(p).every(
    ([k, v]) => LAYER_ONLY_KEYS.has(k.toLowerCase()) || (k.toLowerCase() === 'environment' && emptyEnvironment(v)),
  );
}

function judge(r: CloudTrailRecord, ctx: RuleContext): { foreign: string[]; layerOnly: boolean } | null {
  if (
    !isEvent(
      r,
      'lambda',
      'UpdateFunctionConfiguration20150331v2',
      'UpdateFunctionConfiguration20150331',
      'UpdateFunctionConfiguration',
    )
  )
    return null;
  const layers = layersOf(r);
  if (layers.length === 0) return null;
  const owners = layers.map(ownerOf).filter((a): a is string => a !== undefined && !PUBLISHERS.has(a));
  const foreign = outsideAccounts(owners, r, ctx);
  const only = layerOnly(r);
  return foreign.length > 0 || only ? { foreign, layerOnly: only } : null;
}

const fn = (r: CloudTrailRecord): string | undefined =>
  reqText(r, 'functionName')?.split(':function:').pop()?.split(':')[0];

/** A layer (code that runs inside the function, extensions included) attached from outside the organization, or on its own. */
export const layerAttached: RecordRule = {
  id: 'aws.lambda.layer-attached',
  title: 'Lambda layer attached to a function',
  description:
    "UpdateFunctionConfiguration (CloudTrail: UpdateFunctionConfiguration20150331v2) setting layers, when a layer belongs to an account outside the organization that is not a well-known publisher (AWS Lambda Insights, Parameters and Secrets extension, AppConfig, ADOT, Powertools, Datadog, New Relic, Dynatrace, Sentry, Lumigo: high), or when the call changes nothing but the layers (medium): a layer can hold an extension that sees every invocation's event and the function's credentials (Stratus: aws.persistence.lambda-layer-extension). Deployments that send the whole configuration (handler, runtime, memory, environment...) with the function's usual layers are ignored. CloudTrail does not show the layer's contents.",
  severity: 'medium',
  mitre: { tactic: 'TA0003 Persistence', technique: 'T1546 Event Triggered Execution' },
  runbook:
    "Compare the function's layers with its deployment source; if a layer is unexpected, download it (GetLayerVersion) for analysis, remove it and rotate what the function's role can reach.",
  prefilter: [
    clause(
      'lambda',
      'UpdateFunctionConfiguration20150331v2',
      'UpdateFunctionConfiguration20150331',
      'UpdateFunctionConfiguration',
    ),
  ],
  match: (r, ctx) => judge(r, ctx) !== null,
  titleOf: (r, ctx) => {
    const j = judge(r, ctx);
    return j !== null && j.foreign.length > 0
      ? `Layer from account ${j.foreign.join(', ')} attached to Lambda function${named(fn(r))}`
      : `Layer attached to Lambda function${named(fn(r))} (${layersOf(r).length} layer${layersOf(r).length === 1 ? '' : 's'}, nothing else changed)`;
  },
  severityOf: (r, ctx) => ((judge(r, ctx)?.foreign.length ?? 0) > 0 ? 'high' : 'medium'),
  context: (r, ctx) => ({ function: fn(r) ?? null, layers: layersOf(r), ...judge(r, ctx), ...organizationBasis(ctx) }),
  cases: [
    {
      name: 'flags a layer-only change (Stratus detonation shape)',
      expect: true,
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: {
          environment: {},
          functionName: 'arn:aws:lambda:us-east-1:111122223333:function:stratus-red-team-lambda-layer-simpleLambda',
          layers: ['arn:aws:lambda:us-east-1:111122223333:layer:stratus-red-team-lambda-layer-my-lambda-extension:1'],
        },
      }),
    },
    {
      name: 'flags a layer from an unknown external account in a full update',
      expect: true,
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: {
          functionName: 'api',
          handler: 'index.handler',
          memorySize: 256,
          layers: [`arn:aws:lambda:us-east-1:${FOREIGN_ACCOUNT}:layer:helper:3`],
        },
      }),
    },
    {
      name: 'ignores a deployment that sends the whole configuration with its own layer',
      expect: false,
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        as: identity.role('terraform'),
        request: {
          functionName: 'api',
          handler: 'index.handler',
          runtime: 'nodejs22.x',
          timeout: 30,
          layers: [`arn:aws:lambda:us-east-1:${CASE_ACCOUNT}:layer:deps:12`],
        },
      }),
    },
    {
      name: 'ignores the AWS Lambda Insights extension',
      expect: false,
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: {
          functionName: 'api',
          memorySize: 512,
          layers: ['arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:53'],
        },
      }),
    },
    {
      name: 'ignores a layer shared from an organization account in a full update',
      expect: false,
      ctx: { organizationAccountIds: new Set([CASE_ACCOUNT, SIBLING_ACCOUNT]) },
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: {
          functionName: 'api',
          timeout: 60,
          layers: [`arn:aws:lambda:us-east-1:${SIBLING_ACCOUNT}:layer:shared:2`],
        },
      }),
    },
    {
      name: 'ignores a timeout change (generator routine)',
      expect: false,
      record: event('lambda', 'UpdateFunctionConfiguration20150331v2', {
        request: { functionName: 'api', timeout: 30 },
      }),
    },
  ],
};
