import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { identity, signin } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { str, succeeded } from '../../fields.js';
import { MITRE } from '../../mitre.js';
import type { Burst, BurstPresentation, Observation, WindowRule } from '../../types.js';
import { flagValues } from '../burst.js';

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const isLogin = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'signin.amazonaws.com' && r.eventName === 'ConsoleLogin';
const userOf = (r: CloudTrailRecord): string | undefined => {
  const name = r.userIdentity?.userName ?? (r.userIdentity?.type === 'Root' ? 'root' : undefined);
  return name === undefined || name === HIDDEN ? undefined : name;
};

/**
 * A failure counts toward its user (distinct failed attempts) and toward its address (distinct users
 * tried, or each attempt when the name is hidden); a success is context for its user.
 */
function observe(r: CloudTrailRecord): Observation[] {
  if (!isLogin(r)) return [];
  const user = userOf(r);
  const ip = str(r.sourceIPAddress);
  const id = str(r.eventID) || str(r.requestID) || str(r.eventTime);
  const at = ip === '' ? [] : [`ip:${ip}`];
  if (succeeded(r))
    return user === undefined ? [] : [{ actor: `user:${user}`, targets: [], flags: ['success', ...at] }];
  const out: Observation[] = [];
  if (user !== undefined) out.push({ actor: `user:${user}`, targets: [id], flags: at });
  if (ip !== '')
    out.push({ actor: `ip:${ip}`, targets: [user === undefined ? `attempt:${id}` : `user:${user}`], flags: [] });
  return out;
}

function present(b: Burst): BurstPresentation {
  if (b.actor.startsWith('ip:')) {
    const ip = b.actor.slice(3);
    const users = b.targets.filter((t) => t.startsWith('user:')).map((t) => t.slice(5));
    return {
      title: `${b.targets.length} failed console logins from ${ip}${users.length > 1 ? ` against ${users.length} users` : ''}`,
      severity: 'medium',
      context: { sourceIp: ip, failures: b.targets.length, users: users.length > 0 ? users : ['(hidden)'] },
    };
  }
  const user = b.actor.slice(5);
  const success = b.flagLast.success !== undefined && b.flagLast.success >= b.firstEventTime;
  const failures = b.targets.length;
  return {
    title: success
      ? `${failures} failed console logins for ${user}, then a successful one`
      : `${failures} failed console logins for ${user}`,
    severity: success || user === 'root' ? 'high' : 'medium',
    context: { user, failures, followedBySuccess: success, sourceIps: flagValues(b, 'ip') },
  };
}

const failures = (n: number, user: string, ip = '203.0.113.9'): CloudTrailRecord[] =>
  Array.from({ length: n }, (_, i) =>
    signin('ConsoleLogin', { as: identity.user(user), outcome: 'Failure', ip, time: `2024-08-01T12:0${i}:00Z` }),
  );

/** Password guessing against the console: many failed logins for one user, or from one address. */
export const repeatedFailedConsoleLogins: WindowRule = {
  id: 'aws.signin.repeated-failed-console-logins',
  scope: 'window',
  title: 'Repeated failed console logins',
  description:
    "Within the sliding span (`rules.burst`, default 60 minutes), at least `rules.thresholds.failedConsoleLogins` (default 5) failed ConsoleLogin events for the same user, or from the same source address against that many distinct users (password spraying; CloudTrail hides unknown user names as HIDDEN_DUE_TO_SECURITY_REASONS, so each hidden attempt counts). High for root, or when a successful login for the user is already among the calls of the burst; a success that comes later shows in the user's other alerts. A burst is judged at every login, whatever the run or window boundaries.",
  severity: 'medium',
  mitre: MITRE.bruteForce,
  runbook:
    'Check whether the source addresses belong to the user; if a success followed, treat the account as compromised (reset the password, revoke sessions).',
  prefilter: [{ eventSources: ['signin.amazonaws.com'], eventNames: ['ConsoleLogin'] }],
  observe,
  threshold: (_actor, ctx) => thresholdsOf(ctx).failedConsoleLogins,
  present,
  cases: [
    { name: 'flags five failures for one user', expect: 1, records: failures(5, 'alice') },
    {
      name: 'flags failures followed by a success',
      expect: 1,
      records: [
        ...failures(6, 'bob'),
        signin('ConsoleLogin', { as: identity.user('bob'), mfa: 'No', time: '2024-08-01T12:30:00Z' }),
      ],
    },
    {
      name: 'flags guessing at hidden user names from one address',
      expect: 1,
      records: Array.from({ length: 5 }, () =>
        signin('ConsoleLogin', {
          as: {
            type: 'IAMUser',
            principalId: '111122223333',
            accountId: '111122223333',
            accessKeyId: '',
            userName: HIDDEN,
          },
          outcome: 'Failure',
          ip: '198.51.100.66',
        }),
      ),
    },
    { name: 'ignores four failures', expect: 0, records: failures(4, 'carol') },
    {
      name: 'ignores successful logins',
      expect: 0,
      records: Array.from({ length: 8 }, () => signin('ConsoleLogin', { as: identity.user('dave') })),
    },
  ],
};
