import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { field, flag, strings, text } from '../../fields.js';
import { clause, isEvent, req } from '../../matchers.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import {
  burstActor,
  burstPrincipal,
  CallFlag,
  deniedCalls,
  deniedNote,
  principalCallReads,
  principalObservation,
  principalTypeIn,
  sample,
  succeededCalls,
} from '../burst.js';

/** `arn:aws:ssm:...:parameter/app/db` and `/app/db` are the same parameter. */
function parameterName(name: string): string {
  const m = /:parameter(\/.*)$/.exec(name);
  return m?.[1] ?? name;
}

const decrypts = (r: CloudTrailRecord): boolean => flag(req(r, 'withDecryption')) === true;

/** GetParametersByPath from the root, recursive, with decryption: every SecureString of the region at once. */
const dumpsRoot = (r: CloudTrailRecord): boolean =>
  isEvent(r, 'ssm', 'GetParametersByPath') &&
  decrypts(r) &&
  text(r.requestParameters, 'path') === '/' &&
  flag(req(r, 'recursive')) === true;

function parametersOf(r: CloudTrailRecord): string[] {
  if (!decrypts(r)) return [];
  if (isEvent(r, 'ssm', 'GetParameter')) {
    const name = text(r.requestParameters, 'name');
    return name === undefined ? [] : [parameterName(name)];
  }
  if (isEvent(r, 'ssm', 'GetParameters')) {
    // Names AWS reports invalid were not read.
    const invalid = new Set(strings(field(r.responseElements, 'invalidParameters')).map(parameterName));
    return strings(req(r, 'names'))
      .map(parameterName)
      .filter((n) => !invalid.has(n));
  }
  if (isEvent(r, 'ssm', 'GetParametersByPath')) {
    const path = text(r.requestParameters, 'path');
    return path === undefined ? [] : [`${path === '/' ? '' : path}/*`];
  }
  return [];
}

const HUMAN_TYPES = new Set(['IAMUser', 'Root', 'FederatedUser']);

/** A listing of the parameters gives context to both kinds of burst; reads count toward one of them. */
function observe(r: CloudTrailRecord): Observation[] {
  if (isEvent(r, 'ssm', 'DescribeParameters')) {
    return [
      principalObservation(r, [], [CallFlag.Context, 'listed'], 'named'),
      principalObservation(r, [], [CallFlag.Context, 'listed'], 'root'),
    ].filter((o): o is Observation => o !== null);
  }
  const read = principalObservation(r, parametersOf(r), [], 'named');
  const dump = dumpsRoot(r) ? principalObservation(r, ['/'], [], 'root') : null;
  return [read, dump].filter((o): o is Observation => o !== null);
}

function present(b: Burst): BurstPresentation {
  const dump = b.actor.endsWith('|root');
  const read = succeededCalls(b) > 0;
  const listed = (b.flags.listed ?? 0) > 0;
  const what = dump
    ? 'every SSM parameter of the region (GetParametersByPath / recursive)'
    : `${b.targets.length} SSM parameters`;
  return {
    title: `${burstActor(b)} ${read ? 'decrypted' : 'tried to decrypt'} ${what}${deniedNote(b)}`,
    severity: read && (dump || listed || principalTypeIn(b, HUMAN_TYPES)) ? 'high' : 'medium',
    context: {
      principal: burstPrincipal(b).key,
      parameters: sample(b.targets),
      distinctParameters: b.targets.length,
      enumeratedFirst: listed,
      denied: deniedCalls(b),
    },
  };
}

const names = (from: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `/credentials/stratus-red-team/credentials-${from + i}`);
const batch = (list: string[], decrypt = true, as = identity.user('christophe')): CloudTrailRecord =>
  event('ssm', 'GetParameters', { as, request: { names: list, withDecryption: decrypt } });

/** One principal decrypting many SSM SecureString parameters in one window (Stratus ssm-retrieve-securestring-parameters). */
export const parametersDecryptedInBulk: WindowRule = {
  id: 'aws.ssm.parameters-decrypted-in-bulk',
  scope: 'window',
  title: 'SSM parameters decrypted in bulk',
  description:
    'Within the sliding span (`rules.burst`, default 60 minutes), one principal (a role across its sessions) reads at least `rules.thresholds.parametersDecrypted` (default 10) distinct SSM parameters with withDecryption=true (GetParameter, GetParameters, GetParametersByPath counting each path once), or reads the whole store from the root (GetParametersByPath path "/" recursive with decryption). Denied calls count too. High when values were returned and the principal listed the parameters first (DescribeParameters), is an IAM user, root or a federated user, or read the whole store; medium otherwise (an ECS task execution role fetching the secrets of many task definitions looks like this: suppress it). To keep the candidate volume low, single-parameter GetParameter calls are fetched only for IAM users, root and federated users (leaked keys, the usual case); roles are judged on GetParameters and GetParametersByPath, what a dump script uses (10 names per call). Reads without decryption (plain String parameters, AMI aliases) are ignored; applications reading the same few parameters on every start stay under the threshold. Calls made by AWS services are ignored. CloudTrail does not say which parameters are SecureString: withDecryption is what the caller asked for.',
  severity: 'high',
  mitre: {
    tactic: 'TA0006 Credential Access',
    technique: 'T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores',
  },
  runbook:
    "Check whether the principal is expected to read these parameters; if not, rotate the SecureString values listed in the context and revoke the principal's sessions and keys.",
  // Applications call GetParameter constantly (7% of a generated organization's events): fetch it only
  // for long-term and federated credentials; batch and path reads and the listing come from everyone.
  prefilter: [
    clause('ssm', 'GetParameters', 'GetParametersByPath', 'DescribeParameters'),
    { ...clause('ssm', 'GetParameter'), identityTypes: ['IAMUser', 'Root', 'FederatedUser'] },
  ],
  observe,
  // Applications read the same few parameters all day: a principal's calls that name the same ones are observed once
  // (window/thin.ts).
  reads: [
    ...principalCallReads(['GetParameter', 'GetParameters', 'GetParametersByPath', 'DescribeParameters']),
    '$.requestParameters.withDecryption',
    '$.requestParameters.name',
    '$.requestParameters.names',
    '$.requestParameters.path',
    '$.requestParameters.recursive',
    '$.responseElements.invalidParameters',
  ],
  threshold: (actor, ctx) => (actor.endsWith('|root') ? 1 : thresholdsOf(ctx).parametersDecrypted),
  present,
  cases: [
    {
      name: 'flags 30 parameters decrypted in batches of 10 (Stratus detonation shape)',
      expect: 1,
      records: [batch(names(1, 10)), batch(names(11, 10)), batch(names(21, 10))],
    },
    {
      name: 'flags the whole store read from the root',
      expect: 1,
      records: [
        event('ssm', 'GetParametersByPath', {
          as: identity.role('ec2-app', 'i-0abc'),
          request: { path: '/', recursive: true, withDecryption: true },
        }),
      ],
    },
    {
      name: 'flags denied decryption attempts one by one',
      expect: 1,
      records: names(1, 12).map((n) =>
        event('ssm', 'GetParameter', {
          as: identity.user('leaked'),
          request: { name: n, withDecryption: true },
          error: 'AccessDeniedException',
        }),
      ),
    },
    {
      name: 'ignores many reads without decryption',
      expect: 0,
      records: [batch(names(1, 10), false), batch(names(11, 10), false)],
    },
    {
      name: 'ignores an application reading its five parameters all day',
      expect: 0,
      records: Array.from({ length: 40 }, (_, i) =>
        event('ssm', 'GetParameter', {
          as: identity.role('app'),
          request: {
            name: ['/app/db/host', '/app/db/port', '/app/feature-flags', '/app/queue-url', '/platform/vpc-id'][i % 5],
            withDecryption: true,
          },
        }),
      ),
    },
    {
      name: 'ignores a recursive read of one application path',
      expect: 0,
      records: [
        event('ssm', 'GetParametersByPath', {
          as: identity.role('app'),
          request: { path: '/app/prod', recursive: true, withDecryption: true },
        }),
      ],
    },
  ],
};
