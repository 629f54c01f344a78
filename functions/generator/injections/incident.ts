/**
 * The cross-account incident: the management account's automation key is stolen; from one Tor
 * exit IP, with an offensive-distribution user agent, the attacker checks who the key is, then
 * within the hour assumes OrganizationAccountAccessRole in three member accounts under one session
 * name and does there what that role never did.
 * @module
 */
import type { CloudTrailRecord } from '../../engine/cloudtrail/index.js';
import { action } from '../actions.js';
import { type RoleRef, accessKeyId, assumedRole, awsAccount, iamUser } from '../identity.js';
import type { Session } from '../model.js';
import { opsUser } from '../shared-actors.js';
import { ASSUME_ROLE, assumeFields } from '../sts-events.js';
import { MINUTE, isoSeconds } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { InjectionKit } from './kit.js';

const LOOT = ['iam:ListUsers', 's3:ListBuckets', 'secretsmanager:ListSecrets', 'secretsmanager:GetSecretValue'];

/** Injects the incident; needs at least 3 accounts (the origin and two or more targets). */
export function injectIncident(kit: InjectionKit): void {
  if (kit.accounts.length < 3) return;
  const origin = kit.accounts[0]!;
  const targets = kit.accounts.slice(1, 4);
  const ops = opsUser(kit.ctx.seed, kit.ctx.org);
  const day = kit.afterLearning(0, 2);
  const t0 = kit.at(day, 3.15);
  const ip = '185.220.101.47';
  const sessionName = `botocore-session-${Math.floor(t0 / 1000)}`;
  const stolen: Session = {
    identity: iamUser(origin.id, ops.userName, ops.userId, ops.accessKeyId),
    sourceIp: ip,
    ua: UaFamily.Kali,
    uaVariant: 1,
    console: false,
  };
  const all: CloudTrailRecord[] = [];

  const whoami = kit.add(
    'first-seen',
    [{ time: t0, region: 'us-east-1', action: action('sts:GetCallerIdentity'), session: stolen, account: origin }],
    {
      description:
        'ops-automation key used from a Tor exit IP with a Kali Linux user agent: first GetCallerIdentity ever.',
    },
  );
  kit.truth('rule', whoami, {
    ruleId: 'aws.general.offensive-tool-user-agent',
    description: 'Kali Linux user agent on the ops-automation access key.',
  });
  all.push(...whoami);

  targets.forEach((target, i) => {
    const t = t0 + (2 + i * 14) * MINUTE;
    const role: RoleRef = {
      accountId: target.id,
      name: 'OrganizationAccountAccessRole',
      path: '',
      roleId: kit.principal(target, 'org-access')?.role?.roleId ?? `AROA${kit.rng.key(17)}`,
    };
    const key = accessKeyId(kit.rng, 'ASIA');
    const requestID = kit.rng.uuid();
    const sharedEventID = kit.rng.uuid();
    const fields = assumeFields(kit.rng, role, sessionName, key, t, { durationSeconds: 3600 });
    const caller = kit.build([
      {
        time: t,
        region: 'us-east-1',
        action: ASSUME_ROLE,
        session: stolen,
        account: origin,
        requestID,
        sharedEventID,
        ...fields,
      },
    ]);
    const callee = kit.build([
      {
        time: t,
        region: 'us-east-1',
        action: ASSUME_ROLE,
        session: { ...stolen, identity: awsAccount(origin.id, ops.userId) },
        account: target,
        requestID,
        sharedEventID,
        ...fields,
      },
    ]);
    all.push(...caller, ...callee);
    const session: Session = {
      identity: assumedRole({ role, sessionName, accessKeyId: key, creationDate: isoSeconds(t) }),
      sourceIp: ip,
      ua: UaFamily.Kali,
      uaVariant: 1,
      console: false,
    };
    LOOT.forEach((short, j) => {
      const a = action(short);
      const secret = `arn:aws:secretsmanager:${target.homeRegion}:${target.id}:secret:${kit.res(target).secrets[0]}`;
      const records = kit.add(
        'first-seen',
        [
          {
            time: t + (40 + j * 35) * 1000,
            region: a.global || short === 's3:ListBuckets' ? 'us-east-1' : target.homeRegion,
            action: a,
            session,
            account: target,
            ...(short === 'secretsmanager:GetSecretValue' ? { requestParameters: { secretId: secret } } : {}),
          },
        ],
        {
          description: `OrganizationAccountAccessRole in ${target.name}, session ${sessionName} from ${ip}: first ${short} ever (cross-account intrusion).`,
        },
      );
      all.push(...records);
    });
  });
  kit.truth('incident', all, {
    accounts: [origin.id, ...targets.map((t) => t.id)],
    description: `Stolen ops-automation key (${ops.accessKeyId}) from ${ip}: role session ${sessionName} assumed in ${targets.length} accounts within one hour, each doing first-seen reads of users, buckets and secrets.`,
  });
}
