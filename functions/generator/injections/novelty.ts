/**
 * Quiet thefts and benign network novelty, after the learning period. A thief with stolen credentials
 * replays only the victim's usual actions (its most frequent ones, in its usual regions): only where
 * from and with what change. Benign novelty changes the network or the client version the way travel,
 * phones, rotating cloud addresses and new laptops do; it must stay at info or low.
 * @module
 */
import { accessKeyId, assumedRole, iamUser } from '../identity.js';
import type { Account } from '../org.js';
import { AccountKind } from '../org.js';
import { IAM_HUMAN_USER } from '../principals.js';
import { isoSeconds } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { Draft, Principal, Session } from '../model.js';
import type { InjectionKit } from './kit.js';

/** A principal's most frequent routine actions: ones it surely did before (the replay of a quiet theft). */
function usualDrafts(p: Principal, account: Account, session: Session, start: number, n: number): Draft[] {
  const top = [...p.repertoire].sort((a, b) => b.weight - a.weight || a.action.key.localeCompare(b.action.key));
  return top.slice(0, n).map((w, i) => ({
    time: start + i * 47_000,
    region: w.action.global ? 'us-east-1' : account.homeRegion,
    action: w.action,
    session,
    account,
  }));
}

const roleSession = (kit: InjectionKit, p: Principal, name: string, t: number, over: Partial<Session>): Session => ({
  identity: assumedRole({
    role: p.role!,
    sessionName: name,
    accessKeyId: accessKeyId(kit.rng, 'ASIA'),
    creationDate: isoSeconds(t - 600_000),
  }),
  sourceIp: '203.0.113.10',
  ua: UaFamily.Cli,
  uaVariant: 1,
  console: false,
  ...over,
});

/** Injects the quiet thefts (type `quiet-theft`) and the benign novelty (type `benign-novelty`). */
export function injectNovelty(kit: InjectionKit): void {
  const workloads = kit.accounts.filter((a) => a.kind === AccountKind.Workload);
  const theft = (
    account: Account | undefined,
    suffix: string,
    offset: number,
    hour: number,
    over: Partial<Session>,
    description: string,
    name?: string,
  ): void => {
    const p = account === undefined ? undefined : kit.principal(account, suffix);
    if (account === undefined || p === undefined || p.role === undefined) return;
    const day = kit.afterLearning(p.startDay, offset);
    const t = kit.at(day, hour);
    const session = roleSession(kit, p, name ?? p.functionName ?? p.role.name, t, over);
    kit.add('quiet-theft', usualDrafts(p, account, session, t, 4), { description, startDay: p.startDay });
  };

  theft(
    workloads[1] ?? workloads[0],
    'ci/github-actions-deploy',
    7,
    3.2,
    { sourceIp: '159.89.214.31', ua: UaFamily.Boto3, uaVariant: 1 },
    "The CI role's credentials used from a VPS (DigitalOcean) with the Python SDK, replaying its usual reads.",
    'GitHubActions',
  );
  theft(
    workloads[0],
    'instance/app-server-role',
    9,
    2.6,
    { sourceIp: '88.198.45.120', ua: UaFamily.Cli, uaVariant: 1 },
    "An EC2 instance role's credentials used off the instance, from a hosting provider (Hetzner) with aws-cli.",
    (workloads[0] && kit.principal(workloads[0], 'instance/app-server-role')?.instances?.[0]) ?? 'i-0a1b2c3d4e5f60718',
  );
  theft(
    workloads[1] ?? workloads[0],
    'lambda/snapshot-janitor-role',
    5,
    21.4,
    { sourceIp: '73.158.64.19', ua: UaFamily.Boto3, uaVariant: 1 },
    "A Lambda role's credentials (taken from its environment) used from a home connection (Comcast), same SDK family.",
  );
  const ssoAccount = workloads[0] ?? kit.accounts[1];
  const sso = ssoAccount === undefined ? undefined : kit.principal(ssoAccount, 'sso/ReadOnlyAccess');
  const person = sso?.people?.[0];
  if (ssoAccount !== undefined && sso?.role !== undefined && person !== undefined) {
    const t = kit.at(kit.afterLearning(sso.startDay, 10), 2.1);
    const session = roleSession(kit, sso, person.email, t, {
      sourceIp: '185.220.101.183',
      ua: UaFamily.Cli,
      uaVariant: 1,
    });
    kit.add('quiet-theft', usualDrafts(sso, ssoAccount, session, t, 4), {
      description: `${person.email}'s Identity Center session used with aws-cli from a Tor exit, replaying the role's usual reads.`,
      startDay: sso.startDay,
    });

    // A person working from a hotel, then from a phone: new networks, usual client.
    for (const [offset, hour, ip, where] of [
      [4, 8.5, '31.10.148.22', 'a hotel network (Swisscom)'],
      [11, 17.2, '172.58.44.9', 'a phone (T-Mobile US)'],
    ] as const) {
      const at = kit.at(kit.afterLearning(sso.startDay, offset), hour);
      const s = roleSession(kit, sso, person.email, at, {
        sourceIp: ip,
        ua: person.consoleShare >= 0.5 ? UaFamily.Console : UaFamily.Cli,
        uaVariant: person.variant,
        console: person.consoleShare >= 0.5,
      });
      kit.add('benign-novelty', usualDrafts(sso, ssoAccount, s, at, 3), {
        description: `${person.email} worked from ${where}: a new network, the usual client and actions.`,
        startDay: sso.startDay,
      });
    }
  }

  // CI runners and Lambda on cloud addresses never seen before: the same cloud, so the same network.
  const ciAccount = workloads[0];
  const ci = ciAccount === undefined ? undefined : kit.principal(ciAccount, 'ci/github-actions-deploy');
  if (ciAccount !== undefined && ci?.role !== undefined) {
    const at = kit.at(kit.afterLearning(ci.startDay, 3), 15.1);
    const s = roleSession(kit, ci, 'GitHubActions', at, {
      sourceIp: '13.105.49.77',
      ua: UaFamily.Terraform,
      uaVariant: 0,
    });
    kit.add('benign-novelty', usualDrafts(ci, ciAccount, s, at, 3), {
      description: 'A CI run on a GitHub-hosted runner from an Azure range it never used: the same cloud network.',
      startDay: ci.startDay,
    });
  }
  const fnAccount = workloads[0];
  const fn = fnAccount === undefined ? undefined : kit.principal(fnAccount, 'lambda/snapshot-janitor-role');
  if (fnAccount !== undefined && fn?.role !== undefined) {
    const at = kit.at(kit.afterLearning(fn.startDay, 2), 4.3);
    const s = roleSession(kit, fn, fn.functionName ?? 'snapshot-janitor', at, {
      sourceIp: '100.26.77.140',
      ua: fn.ua ?? UaFamily.Boto3,
      uaVariant: 0,
    });
    kit.add('benign-novelty', usualDrafts(fn, fnAccount, s, at, 3), {
      description: 'A Lambda invocation from an AWS address range it never used: the same cloud network.',
      startDay: fn.startDay,
    });
  }

  // A new laptop: the same person and office, a newer CLI.
  const humanAccount = kit.accounts.find((a) => kit.principal(a, `iam/${IAM_HUMAN_USER}`) !== undefined);
  const human = humanAccount === undefined ? undefined : kit.principal(humanAccount, `iam/${IAM_HUMAN_USER}`);
  if (humanAccount !== undefined && human !== undefined) {
    const at = kit.at(kit.afterLearning(human.startDay, 12), 10.4);
    const s: Session = {
      identity: iamUser(humanAccount.id, IAM_HUMAN_USER, human.userId!, human.accessKeyId!),
      sourceIp: (human.sourceIps ?? ['81.2.69.160'])[0]!,
      ua: UaFamily.Cli,
      uaVariant: 1,
      console: false,
    };
    kit.add(
      'benign-novelty',
      usualDrafts(human, humanAccount, s, at, 3).map((d) => ({
        ...d,
        userAgent: `aws-cli/2.31.4 md/awscrt#0.27.2 ua/2.1 os/linux#6.11.0-29-generic md/arch#x86_64 lang/python#3.13.7 md/pyimpl#CPython m/b cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#${d.action.source.split('.')[0]}.x`,
      })),
      {
        description: `${IAM_HUMAN_USER} on a new laptop with a newer AWS CLI, from the usual office.`,
        startDay: human.startDay,
      },
    );
  }
}
