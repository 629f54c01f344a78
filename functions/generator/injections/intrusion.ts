/**
 * The intrusion of `--intrusion-day`: the management account's automation key is stolen and used from a
 * VPS; the attacker looks around, assumes OrganizationAccountAccessRole in member accounts, creates an
 * IAM user with administrator rights, an access key and a console password for it, and a role trusting
 * a foreign account; then uses the new key from a second address, and the foreign account uses the role.
 * Every event is in the ground truth (one incident entry, and an entry per rule and new principal).
 * @module
 */
import type { CloudTrailRecord } from '../../engine/cloudtrail/index.js';
import { action, adhocAction } from '../actions.js';
import { type RoleRef, accessKeyId, assumedRole, awsAccount, iamUser, uniqueId } from '../identity.js';
import type { Session } from '../model.js';
import type { Account } from '../org.js';
import { opsUser } from '../shared-actors.js';
import { ASSUME_ROLE, assumeFields } from '../sts-events.js';
import { MINUTE, isoSeconds } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { InjectionKit } from './kit.js';

/** The account outside the organization the backdoor role trusts. */
export const INTRUSION_FOREIGN_ACCOUNT = '999988887777';
const VPS_IP = '45.153.160.2';
const SECOND_IP = '193.29.13.7';
const NEW_USER = 'svc-sync';
const NEW_ROLE = 'support-audit';

const CREATE_USER = adhocAction('iam:CreateUser', false);
const ATTACH_USER_POLICY = adhocAction('iam:AttachUserPolicy', false);
const CREATE_ACCESS_KEY = adhocAction('iam:CreateAccessKey', false);
const CREATE_LOGIN_PROFILE = adhocAction('iam:CreateLoginProfile', false);
const CREATE_ROLE = adhocAction('iam:CreateRole', false);

/** Plants the intrusion on `day`; the first member accounts (up to two) are its targets. */
export function injectIntrusion(kit: InjectionKit, day: number): void {
  const origin = kit.accounts[0]!;
  const targets = kit.accounts.slice(1, 3);
  const ops = opsUser(kit.ctx.seed, kit.ctx.org);
  const t0 = kit.at(day, 2.5);
  const stolen: Session = {
    identity: iamUser(origin.id, ops.userName, ops.userId, ops.accessKeyId),
    sourceIp: VPS_IP,
    ua: UaFamily.Boto3,
    uaVariant: 2,
    console: false,
  };
  const all: CloudTrailRecord[] = [];
  const step = (minutes: number): number => t0 + Math.round(minutes * MINUTE);
  const recon = ['sts:GetCallerIdentity', 'iam:ListUsers', 'iam:ListRoles', 'organizations:ListAccounts'];
  recon.forEach((short, i) => {
    all.push(
      ...kit.add(
        'first-seen',
        [{ time: step(i * 0.5), region: 'us-east-1', action: action(short), session: stolen, account: origin }],
        {
          description: `Stolen ops-automation key used from ${VPS_IP}: first ${short} ever.`,
        },
      ),
    );
  });

  targets.forEach((target, i) => {
    const t = step(3 + i * 20);
    const role: RoleRef = {
      accountId: target.id,
      name: 'OrganizationAccountAccessRole',
      path: '',
      roleId: kit.principal(target, 'org-access')?.role?.roleId ?? `AROA${kit.rng.key(17)}`,
    };
    // One session name in every account, as a script assuming roles in a loop leaves.
    const sessionName = `sync-${Math.floor(t0 / 1000)}`;
    const key = accessKeyId(kit.rng, 'ASIA');
    const shared = { requestID: kit.rng.uuid(), sharedEventID: kit.rng.uuid() };
    const fields = assumeFields(kit.rng, role, sessionName, key, t, { durationSeconds: 3600 });
    all.push(
      ...kit.build([
        { time: t, region: 'us-east-1', action: ASSUME_ROLE, session: stolen, account: origin, ...shared, ...fields },
      ]),
      ...kit.build([
        {
          time: t,
          region: 'us-east-1',
          action: ASSUME_ROLE,
          session: { ...stolen, identity: awsAccount(origin.id, ops.userId) },
          account: target,
          ...shared,
          ...fields,
        },
      ]),
    );
    const session: Session = {
      identity: assumedRole({ role, sessionName, accessKeyId: key, creationDate: isoSeconds(t) }),
      sourceIp: VPS_IP,
      ua: UaFamily.Boto3,
      uaVariant: 2,
      console: false,
    };
    if (i === 0) all.push(...persist(kit, target, session, t));
    const secret = `arn:aws:secretsmanager:${target.homeRegion}:${target.id}:secret:${kit.res(target).secrets[0]}`;
    ['secretsmanager:ListSecrets', 'secretsmanager:GetSecretValue'].forEach((short, j) => {
      all.push(
        ...kit.add(
          'first-seen',
          [
            {
              time: t + (12 + j) * MINUTE,
              region: target.homeRegion,
              action: action(short),
              session,
              account: target,
              ...(j === 1 ? { requestParameters: { secretId: secret } } : {}),
            },
          ],
          {
            description: `OrganizationAccountAccessRole in ${target.name} (session ${sessionName}): first ${short} ever.`,
          },
        ),
      );
    });
  });

  kit.truth('incident', all, {
    accounts: [origin.id, ...targets.map((t) => t.id)],
    description: `Intrusion: the stolen ops-automation key (${ops.accessKeyId}) from ${VPS_IP} assumed OrganizationAccountAccessRole in ${targets.length} accounts, created the IAM user ${NEW_USER} (administrator, access key, console password) and the role ${NEW_ROLE} trusting ${INTRUSION_FOREIGN_ACCOUNT}, then used both.`,
  });
}

/** The persistence the attacker sets up in one account, and its use; returns every record. */
function persist(kit: InjectionKit, target: Account, session: Session, t: number): CloudTrailRecord[] {
  const at = (minutes: number): number => t + Math.round(minutes * MINUTE);
  const userId = uniqueId(kit.rng, 'AIDA');
  const userArn = `arn:aws:iam::${target.id}:user/${NEW_USER}`;
  const newKey = accessKeyId(kit.rng, 'AKIA');
  const roleId = uniqueId(kit.rng, 'AROA');
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${INTRUSION_FOREIGN_ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  });
  const base = { region: 'us-east-1', session, account: target };
  const out: CloudTrailRecord[] = [];
  const rule = (ruleId: string, description: string, records: CloudTrailRecord[]): void => {
    kit.truth('rule', records, { ruleId, description });
    out.push(...records);
  };
  rule(
    'aws.iam.user-created',
    `The attacker created the IAM user ${NEW_USER}.`,
    kit.build([
      {
        ...base,
        time: at(1),
        action: CREATE_USER,
        requestParameters: { userName: NEW_USER },
        responseElements: {
          user: { path: '/', userName: NEW_USER, userId, arn: userArn, createDate: isoSeconds(at(1)) },
        },
      },
    ]),
  );
  rule(
    'aws.iam.admin-policy-attached',
    `AdministratorAccess attached to ${NEW_USER}.`,
    kit.build([
      {
        ...base,
        time: at(1.5),
        action: ATTACH_USER_POLICY,
        requestParameters: { userName: NEW_USER, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    ]),
  );
  rule(
    'aws.iam.access-key-created-for-other-user',
    `An access key created for ${NEW_USER}.`,
    kit.build([
      {
        ...base,
        time: at(2),
        action: CREATE_ACCESS_KEY,
        requestParameters: { userName: NEW_USER },
        responseElements: {
          accessKey: { userName: NEW_USER, accessKeyId: newKey, status: 'Active', createDate: isoSeconds(at(2)) },
        },
      },
    ]),
  );
  rule(
    'aws.iam.login-profile-for-other-user',
    `A console password set for ${NEW_USER}.`,
    kit.build([
      {
        ...base,
        time: at(2.5),
        action: CREATE_LOGIN_PROFILE,
        requestParameters: { userName: NEW_USER, passwordResetRequired: false },
        responseElements: {
          loginProfile: { userName: NEW_USER, createDate: isoSeconds(at(2.5)), passwordResetRequired: false },
        },
      },
    ]),
  );
  rule(
    'aws.iam.trust-policy-opened',
    `The role ${NEW_ROLE} created trusting ${INTRUSION_FOREIGN_ACCOUNT}.`,
    kit.build([
      {
        ...base,
        time: at(3),
        action: CREATE_ROLE,
        requestParameters: { roleName: NEW_ROLE, assumeRolePolicyDocument: trust },
        responseElements: {
          role: { path: '/', roleName: NEW_ROLE, roleId, arn: `arn:aws:iam::${target.id}:role/${NEW_ROLE}` },
        },
      },
    ]),
  );

  // The new user's key, from a second address: a principal never seen before.
  const backdoor: Session = {
    identity: iamUser(target.id, NEW_USER, userId, newKey),
    sourceIp: SECOND_IP,
    ua: UaFamily.Cli,
    uaVariant: 1,
    console: false,
  };
  const used = kit.add(
    'first-seen',
    ['sts:GetCallerIdentity', 's3:ListBuckets', 'secretsmanager:ListSecrets', 'ec2:DescribeInstances'].map(
      (short, i) => ({
        time: at(40 + i),
        region: short.startsWith('ec2') || short.startsWith('secrets') ? target.homeRegion : 'us-east-1',
        action: action(short),
        session: backdoor,
        account: target,
      }),
    ),
    {
      description: `The IAM user ${NEW_USER}, created by the attacker, used from ${SECOND_IP}: a new principal.`,
      startDay: 'new',
    },
  );
  out.push(...used);

  // The foreign account assumes the backdoor role, and looks around with it.
  const role: RoleRef = { accountId: target.id, name: NEW_ROLE, path: '', roleId };
  const sessionKey = accessKeyId(kit.rng, 'ASIA');
  const fields = assumeFields(kit.rng, role, 'audit', sessionKey, at(120));
  out.push(
    ...kit.build([
      {
        time: at(120),
        region: 'us-east-1',
        action: ASSUME_ROLE,
        session: {
          ...backdoor,
          identity: awsAccount(INTRUSION_FOREIGN_ACCOUNT, `AIDA${kit.rng.key(17)}`),
          sourceIp: SECOND_IP,
        },
        account: target,
        ...fields,
      },
    ]),
  );
  const foreign: Session = {
    identity: assumedRole({ role, sessionName: 'audit', accessKeyId: sessionKey, creationDate: isoSeconds(at(120)) }),
    sourceIp: SECOND_IP,
    ua: UaFamily.Cli,
    uaVariant: 1,
    console: false,
  };
  out.push(
    ...kit.add(
      'first-seen',
      ['s3:ListBuckets', 'ec2:DescribeSnapshots'].map((short, i) => ({
        time: at(122 + i),
        region: short.startsWith('ec2') ? target.homeRegion : 'us-east-1',
        action: action(short),
        session: foreign,
        account: target,
      })),
      {
        description: `The role ${NEW_ROLE}, created by the attacker, used from account ${INTRUSION_FOREIGN_ACCOUNT}.`,
        startDay: 'new',
      },
    ),
  );
  return out;
}
