import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { list, str, strings, text } from '../../fields.js';
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

/** `arn:...:secret:prod/db-AbCdEf` and `prod/db` are the same secret: compare names without the random suffix. */
function secretName(id: string): string {
  const i = id.indexOf(':secret:');
  return i < 0 ? id : id.slice(i + ':secret:'.length).replace(/-[A-Za-z0-9]{6}$/, '');
}

const isBatch = (r: CloudTrailRecord): boolean => isEvent(r, 'secretsmanager', 'BatchGetSecretValue');
/** BatchGetSecretValue with filters instead of ids returns every secret the filter matches (20 per page). */
const byFilter = (r: CloudTrailRecord): boolean =>
  isBatch(r) && list(req(r, 'filters')).length > 0 && strings(req(r, 'secretIdList')).length === 0;

function secretsOf(r: CloudTrailRecord): string[] {
  if (isEvent(r, 'secretsmanager', 'GetSecretValue')) {
    const id = text(r.requestParameters, 'secretId');
    return id === undefined ? [] : [secretName(id)];
  }
  if (isBatch(r)) return strings(req(r, 'secretIdList')).map(secretName);
  return [];
}

const HUMAN_TYPES = new Set(['IAMUser', 'Root']);

/**
 * Named reads count distinct secrets; filter-based batch reads count calls (two mean more than one page of
 * up to 20 secrets); a listing gives context to both.
 */
function observe(r: CloudTrailRecord): Observation[] {
  if (isEvent(r, 'secretsmanager', 'ListSecrets')) {
    return [
      principalObservation(r, [], [CallFlag.Context, 'listed'], 'named'),
      principalObservation(r, [], [CallFlag.Context, 'listed'], 'filter'),
    ].filter((o): o is Observation => o !== null);
  }
  if (byFilter(r)) {
    const call = str(r.eventID) || str(r.requestID);
    const o = principalObservation(r, call === '' ? [] : [call], [], 'filter');
    return o === null ? [] : [o];
  }
  const o = principalObservation(r, secretsOf(r), [], 'named');
  return o === null ? [] : [o];
}

function present(b: Burst): BurstPresentation {
  const how = b.actor.endsWith('|filter') ? 'filter' : 'named';
  const listed = (b.flags.listed ?? 0) > 0;
  const read = succeededCalls(b) > 0;
  const what =
    how === 'named'
      ? `${b.targets.length} Secrets Manager secrets`
      : `secrets by filter in ${b.targets.length} BatchGetSecretValue calls`;
  return {
    title: `${burstActor(b)} ${read ? 'read' : 'tried to read'} ${what}${deniedNote(b)}`,
    severity: read && (listed || principalTypeIn(b, HUMAN_TYPES)) ? 'high' : 'medium',
    context: {
      principal: burstPrincipal(b).key,
      secrets: how === 'named' ? sample(b.targets) : [],
      distinctSecrets: how === 'named' ? b.targets.length : 0,
      filterCalls: how === 'filter' ? b.targets.length : 0,
      enumeratedFirst: listed,
      denied: deniedCalls(b),
    },
  };
}

const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:stratus-red-team-retrieve-secret';
const get = (
  n: number,
  as = identity.user('christophe'),
  extra: { error?: string; id?: (i: number) => string } = {},
): CloudTrailRecord[] =>
  Array.from({ length: n }, (_, i) =>
    event('secretsmanager', 'GetSecretValue', {
      as,
      request: { secretId: extra.id ? extra.id(i) : `${SECRET}-${i}-AbC${String(i).padStart(2, '0')}z` },
      ...(extra.error ? { error: extra.error } : {}),
    }),
  );
const batch = (n: number): CloudTrailRecord[] =>
  Array.from({ length: n }, () =>
    event('secretsmanager', 'BatchGetSecretValue', {
      request: { filters: [{ key: 'tag-key', values: ['StratusRedTeam'] }] },
    }),
  );

/** One principal reading many secrets in one window: a secrets dump (Stratus secretsmanager-retrieve-secrets and -batch-retrieve-secrets). */
export const secretsRetrievedInBulk: WindowRule = {
  id: 'aws.secretsmanager.secrets-retrieved-in-bulk',
  scope: 'window',
  title: 'Secrets Manager secrets retrieved in bulk',
  description:
    'Within the sliding span (`rules.burst`, default 60 minutes), one principal (a role across its sessions) calls GetSecretValue / BatchGetSecretValue (by id list) on at least `rules.thresholds.secretsRetrieved` (default 10) distinct secrets, or pages through secrets with two or more filter-based BatchGetSecretValue calls. Denied calls count too (the title says how many). High when the values were returned and the principal also listed the secrets first (ListSecrets) or is an IAM user or root; medium otherwise. Applications reading the same few secrets on every start stay under the threshold however often they run; a secrets-sync controller (External Secrets Operator) or an ECS task execution role shared by many services may not: suppress that role. Calls made by AWS services are ignored. CloudTrail does not log which secrets a filter returned.',
  severity: 'high',
  mitre: {
    tactic: 'TA0006 Credential Access',
    technique: 'T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores',
  },
  runbook:
    "Confirm with the owner of the principal whether a bulk read was expected; if not, rotate every secret listed in the context and revoke the principal's sessions and keys.",
  prefilter: [clause('secretsmanager', 'GetSecretValue', 'BatchGetSecretValue', 'ListSecrets')],
  observe,
  // Applications read the same few secrets all day: a principal's calls that name the same ones are observed once
  // (window/thin.ts). Filter reads count call by call: every one is handed over.
  reads: [
    ...principalCallReads(['GetSecretValue', 'BatchGetSecretValue', 'ListSecrets']),
    '$.requestParameters.secretId',
    '$.requestParameters.secretIdList',
    '$.requestParameters.filters',
  ],
  countsCalls: byFilter,
  threshold: (actor, ctx) => (actor.endsWith('|filter') ? 2 : thresholdsOf(ctx).secretsRetrieved),
  present,
  cases: [
    {
      name: 'flags 20 secrets read one by one after ListSecrets (Stratus detonation shape)',
      expect: 1,
      records: [
        event('secretsmanager', 'ListSecrets', {
          as: identity.user('christophe'),
          request: { filters: [{ key: 'tag-key', values: ['StratusRedTeam'] }], maxResults: 100 },
        }),
        ...get(20),
      ],
    },
    { name: 'flags secrets paged through by filter (Stratus batch detonation shape)', expect: 1, records: batch(5) },
    {
      name: 'flags a burst of denied reads',
      expect: 1,
      records: get(12, identity.role('ci', 'build-4711'), { error: 'AccessDeniedException' }),
    },
    {
      name: 'ignores an application reading its three secrets on every cold start',
      expect: 0,
      records: [
        ...get(3, identity.role('orders-processor-role', 'orders')),
        ...get(3, identity.role('orders-processor-role', 'orders')),
        ...get(3, identity.role('orders-processor-role', 'orders-2')),
      ],
    },
    {
      name: 'counts a secret named by ARN and by name once',
      expect: 0,
      records: [
        ...get(9, identity.role('app', 'a')),
        ...get(9, identity.role('app', 'a'), { id: (i) => `stratus-red-team-retrieve-secret-${i}` }),
      ],
    },
    { name: 'ignores one filter-based batch read', expect: 0, records: batch(1) },
    {
      name: 'ignores reads made by an AWS service',
      expect: 0,
      records: get(15, identity.service('secretsmanager.amazonaws.com')),
    },
  ],
};
