import { type CloudTrailRecord, principalOf } from '../../../cloudtrail/index.js';
import { event, identity } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { list, str, strings, text } from '../../fields.js';
import { clause, isEvent, req } from '../../matchers.js';
import type { RuleContext, WindowHit, WindowRule } from '../../types.js';
import { type Burst, burstActor, byAwsService, deniedNote, findBursts, sample } from '../burst.js';

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

function hitOf(burst: Burst, records: readonly CloudTrailRecord[], how: 'named' | 'filter'): WindowHit {
  const listed = records.some(
    (r) =>
      isEvent(r, 'secretsmanager', 'ListSecrets') && !byAwsService(r) && principalOf(r).key === burst.principal.key,
  );
  const pages = burst.records.filter(byFilter).length;
  const read = burst.succeeded > 0;
  const what =
    how === 'named'
      ? `${burst.targets.length} Secrets Manager secrets`
      : `secrets by filter in ${pages} BatchGetSecretValue calls`;
  return {
    records: burst.records,
    dedupe: `${burst.principal.key}|${how}`,
    title: `${burstActor(burst)} ${read ? 'read' : 'tried to read'} ${what}${deniedNote(burst)}`,
    severity: read && (listed || HUMAN_TYPES.has(burst.principal.type)) ? 'high' : 'medium',
    context: {
      principal: burst.principal.key,
      secrets: sample(burst.targets),
      distinctSecrets: burst.targets.length,
      filterCalls: pages,
      enumeratedFirst: listed,
      denied: burst.denied,
    },
  };
}

function matchWindow(records: readonly CloudTrailRecord[], ctx: RuleContext): WindowHit[] {
  const named = findBursts(records, secretsOf, thresholdsOf(ctx).secretsRetrieved).map((b) =>
    hitOf(b, records, 'named'),
  );
  const seen = new Set(named.map((h) => h.dedupe.split('|')[0]));
  // Paging through a filter: two calls mean more than one page of secrets (up to 20 each).
  const filtered = findBursts(
    records,
    (r) => (byFilter(r) ? [str(r.eventID) || str(r.requestID) || String(records.indexOf(r))] : []),
    2,
  )
    .filter((b) => !seen.has(b.principal.key))
    .map((b) => hitOf(b, records, 'filter'));
  return [...named, ...filtered];
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
    'Within one window, one principal (a role across its sessions) calls GetSecretValue / BatchGetSecretValue (by id list) on at least `rules.thresholds.secretsRetrieved` (default 10) distinct secrets, or pages through secrets with two or more filter-based BatchGetSecretValue calls. Denied calls count too (the title says how many). High when the values were returned and the principal also listed the secrets first (ListSecrets) or is an IAM user or root; medium otherwise. Applications reading the same few secrets on every start stay under the threshold however often they run; a secrets-sync controller (External Secrets Operator) or an ECS task execution role shared by many services may not: suppress that role. Calls made by AWS services are ignored. CloudTrail does not log which secrets a filter returned.',
  severity: 'high',
  mitre: {
    tactic: 'TA0006 Credential Access',
    technique: 'T1555.006 Credentials from Password Stores: Cloud Secrets Management Stores',
  },
  runbook:
    "Confirm with the owner of the principal whether a bulk read was expected; if not, rotate every secret listed in the context and revoke the principal's sessions and keys.",
  prefilter: [clause('secretsmanager', 'GetSecretValue', 'BatchGetSecretValue', 'ListSecrets')],
  matchWindow,
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
