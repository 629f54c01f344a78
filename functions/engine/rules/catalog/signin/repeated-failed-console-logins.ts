import type { CloudTrailRecord } from '../../../cloudtrail/index.js';
import { identity, signin } from '../../case-builder.js';
import { thresholdsOf } from '../../context.js';
import { str, succeeded } from '../../fields.js';
import { MITRE } from '../../mitre.js';
import type { RuleContext, WindowHit, WindowRule } from '../../types.js';

const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const isLogin = (r: CloudTrailRecord): boolean =>
  r.eventSource === 'signin.amazonaws.com' && r.eventName === 'ConsoleLogin';
const userOf = (r: CloudTrailRecord): string | undefined => {
  const name = r.userIdentity?.userName ?? (r.userIdentity?.type === 'Root' ? 'root' : undefined);
  return name === undefined || name === HIDDEN ? undefined : name;
};

function group<K>(
  records: CloudTrailRecord[],
  key: (r: CloudTrailRecord) => K | undefined,
): Map<K, CloudTrailRecord[]> {
  const out = new Map<K, CloudTrailRecord[]>();
  for (const r of records) {
    const k = key(r);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function matchWindow(records: readonly CloudTrailRecord[], ctx: RuleContext): WindowHit[] {
  const threshold = Math.max(1, thresholdsOf(ctx).failedConsoleLogins);
  const logins = records.filter(isLogin);
  const failures = logins.filter((r) => !succeeded(r));
  const hits: WindowHit[] = [];
  const used = new Set<CloudTrailRecord>();
  for (const [user, failed] of group(failures, userOf)) {
    if (failed.length < threshold) continue;
    const lastFailure =
      failed
        .map((r) => str(r.eventTime))
        .sort()
        .pop() ?? '';
    const success = logins.find((r) => succeeded(r) && userOf(r) === user && str(r.eventTime) >= lastFailure);
    failed.forEach((r) => used.add(r));
    hits.push({
      records: success ? [...failed, success] : failed,
      dedupe: `user:${user}`,
      title: success
        ? `${failed.length} failed console logins for ${user}, then a successful one`
        : `${failed.length} failed console logins for ${user}`,
      severity: success || user === 'root' ? 'high' : 'medium',
      context: {
        user,
        failures: failed.length,
        followedBySuccess: success !== undefined,
        sourceIps: [...new Set(failed.map((r) => r.sourceIPAddress))],
      },
    });
  }
  const rest = failures.filter((r) => !used.has(r));
  for (const [ip, failed] of group(rest, (r) => r.sourceIPAddress)) {
    if (failed.length < threshold) continue;
    hits.push({
      records: failed,
      dedupe: `ip:${ip}`,
      title: `${failed.length} failed console logins from ${ip}`,
      severity: 'medium',
      context: {
        sourceIp: ip,
        failures: failed.length,
        users: [...new Set(failed.map((r) => r.userIdentity?.userName ?? '(unknown)'))],
      },
    });
  }
  return hits;
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
    'Within one window, at least `rules.thresholds.failedConsoleLogins` (default 5) failed ConsoleLogin events for the same user, or, for the rest, from the same source address (CloudTrail hides unknown user names as HIDDEN_DUE_TO_SECURITY_REASONS, so guessing at non-existent users only shows per address). High when a successful login for the same user follows the failures, or for root. A burst split across two windows is counted per window.',
  severity: 'medium',
  mitre: MITRE.bruteForce,
  runbook:
    'Check whether the source addresses belong to the user; if a success followed, treat the account as compromised (reset the password, revoke sessions).',
  prefilter: [{ eventSources: ['signin.amazonaws.com'], eventNames: ['ConsoleLogin'] }],
  matchWindow,
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
