/**
 * Rule-worthy identity events: the root story (console login, password change, an access key for
 * root, then root's CLI disabling MFA delete), console logins without MFA and brute force, and IAM
 * persistence and escalation by an administrator. Near-misses: MFA and SSO logins, a typo then
 * success, a user's own access key and password, scoped policies, trust inside the organization.
 * @module
 */
import { accessKeyId, iamUser, root } from '../identity.js';
import type { Session } from '../model.js';
import { IAM_HUMAN_USER } from '../principals.js';
import { HOUR, isoSeconds, javaDate } from '../time.js';
import { UaFamily } from '../user-agents.js';
import type { InjectionKit } from './kit.js';
import { type CallSpec, type Slot, inject, slots } from './rule-kit.js';

const LOGIN_TO =
  'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_7a1e6b0c3d';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const EXTERNAL_ACCOUNT = '444455556666';

/** Injects the root, console and IAM cases. */
export function injectIdentityRules(kit: InjectionKit): void {
  const n = kit.accounts.length;
  const rootAccount = kit.accounts[n - 1]!;
  const day = kit.afterLearning(0, 4);
  const t = kit.at(day, 20.5);
  const ip = kit.ctx.org.offices[2]?.ips[0] ?? '86.14.1.1';
  const bare: Session = {
    identity: root(rootAccount.id, ''),
    sourceIp: ip,
    ua: UaFamily.Browser,
    uaVariant: 2,
    console: false,
  };
  const consoleRoot: Session = {
    ...bare,
    identity: root(rootAccount.id, accessKeyId(kit.rng, 'ASIA'), { creationDate: isoSeconds(t), mfa: true }),
    ua: UaFamily.Console,
    console: true,
  };
  const at = (offsetMinutes: number, session: Session = bare): Slot => ({
    account: rootAccount,
    day,
    time: t + offsetMinutes * 60_000,
    session,
  });
  const opts = { startDay: 'new' as const };
  inject(
    kit,
    'rule',
    'aws.iam.root-console-login',
    at(0),
    [
      {
        api: 'signin:ConsoleLogin',
        region: 'us-east-1',
        eventType: 'AwsConsoleSignIn',
        requestParameters: null,
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: 'Yes' },
      },
    ],
    'Root user signed in to the console (with MFA) in a member account.',
    opts,
  );
  inject(
    kit,
    'negative',
    'aws.iam.root-api-call',
    at(1, consoleRoot),
    [{ api: 'iam:GetAccountSummary', readOnly: true, requestParameters: null }],
    'Root read the account summary: a read-only call.',
    opts,
  );
  inject(
    kit,
    'rule',
    'aws.iam.root-password-changed',
    at(3),
    [
      {
        api: 'signin:PasswordUpdated',
        region: 'us-east-1',
        eventType: 'AwsConsoleSignIn',
        requestParameters: null,
        responseElements: { PasswordUpdated: 'Success' },
      },
    ],
    'Root password changed.',
    opts,
  );
  inject(
    kit,
    'negative',
    'aws.iam.root-password-changed',
    at(2),
    [
      {
        api: 'signin:PasswordUpdated',
        region: 'us-east-1',
        eventType: 'AwsConsoleSignIn',
        requestParameters: null,
        responseElements: { PasswordUpdated: 'Failure' },
        errorMessage: 'Password does not conform to the account password policy.',
      },
    ],
    'A root password change that failed.',
    opts,
  );
  const rootKey = `AKIA${kit.rng.key(16)}`;
  const created = inject(
    kit,
    'rule',
    'aws.iam.root-access-key-created',
    at(5, consoleRoot),
    [
      {
        api: 'iam:CreateAccessKey',
        requestParameters: null,
        responseElements: {
          accessKey: { accessKeyId: rootKey, status: 'Active', createDate: javaDate(t + 5 * 60_000) },
        },
      },
    ],
    'An access key created for the root user.',
    opts,
  );
  kit.truth('rule', created, {
    ruleId: 'aws.iam.root-api-call',
    description: 'Root made a write API call (CreateAccessKey).',
    startDay: 'new',
  });
  const cliRoot: Session = {
    identity: root(rootAccount.id, rootKey),
    sourceIp: ip,
    ua: UaFamily.Cli,
    uaVariant: 0,
    console: false,
  };
  const b = kit.res(rootAccount).buckets[3] as string;
  const mfa = inject(
    kit,
    'rule',
    'aws.s3.mfa-delete-disabled',
    at(25, cliRoot),
    [
      {
        api: 's3:PutBucketVersioning',
        requestParameters: {
          bucketName: b,
          Host: `${b}.s3.${rootAccount.homeRegion}.amazonaws.com`,
          versioning: '',
          VersioningConfiguration: { Status: 'Enabled', MfaDelete: 'Disabled', xmlns: S3_NS },
        },
      },
    ],
    'Root, with its new access key, disabled MFA delete on the backups bucket.',
    opts,
  );
  kit.truth('rule', mfa, {
    ruleId: 'aws.iam.root-api-call',
    description: 'Root made a write API call with an access key (PutBucketVersioning).',
    startDay: 'new',
  });

  const humanAccount =
    kit.accounts.find((a) => kit.principal(a, `iam/${IAM_HUMAN_USER}`) !== undefined) ??
    kit.accounts[Math.min(1, n - 1)]!;
  const human = kit.principal(humanAccount, `iam/${IAM_HUMAN_USER}`);
  const userName = human === undefined ? 'contractor' : IAM_HUMAN_USER;
  const userId = human?.userId ?? `AIDA${kit.rng.key(17)}`;
  const userIdentity = {
    type: 'IAMUser',
    principalId: userId,
    arn: `arn:aws:iam::${humanAccount.id}:user/${userName}`,
    accountId: humanAccount.id,
    userName,
  };
  const login = (mfaUsed: 'Yes' | 'No', success = true): CallSpec => ({
    api: 'signin:ConsoleLogin',
    region: 'us-east-1',
    eventType: 'AwsConsoleSignIn',
    requestParameters: null,
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    additionalEventData: { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: mfaUsed },
    ...(success ? {} : { errorMessage: 'Failed authentication' }),
  });
  const next = slots(kit, 7);
  const userSlot = (
    hour: number,
    offsetDay: number,
    sourceIp = kit.ctx.org.offices[0]?.ips[0] ?? '81.2.69.1',
    failed = false,
  ): Slot => {
    const d = kit.afterLearning(0, 7 + offsetDay);
    const { arn: _arn, ...noArn } = userIdentity;
    return {
      account: humanAccount,
      day: d,
      time: kit.at(d, hour),
      session: {
        identity: failed ? { ...noArn, accessKeyId: '' } : userIdentity,
        sourceIp,
        ua: UaFamily.Browser,
        uaVariant: 3,
        console: false,
      },
    };
  };
  inject(
    kit,
    'rule',
    'aws.signin.console-login-without-mfa',
    userSlot(7.2, 0, '102.89.34.12'),
    [login('No')],
    `IAM user ${userName} signed in to the console without MFA, from an unusual network.`,
    human === undefined ? opts : { startDay: human.startDay },
  );
  inject(
    kit,
    'negative',
    'aws.signin.console-login-without-mfa',
    userSlot(9.1, 1),
    [login('Yes')],
    `IAM user ${userName} signed in with MFA.`,
    human === undefined ? opts : { startDay: human.startDay },
  );
  const sso = kit.principal(kit.accounts[0]!, 'sso/AdministratorAccess');
  if (sso !== undefined) {
    const s = next(0);
    const { accessKeyId: _k, ...ssoLogin } = s.session.identity;
    inject(
      kit,
      'negative',
      'aws.signin.console-login-without-mfa',
      { ...s, session: { ...s.session, identity: ssoLogin, ua: UaFamily.Browser } },
      [login('No')],
      'Identity Center (SSO) console sign-in: MFAUsed is No because MFA happens at Identity Center.',
    );
  }
  const attacker = '45.133.194.21';
  const burstStart = userSlot(2.3, 2, attacker, true);
  inject(
    kit,
    'rule',
    'aws.signin.repeated-failed-console-logins',
    burstStart,
    Array.from({ length: 9 }, (_, i) => ({ ...login('No', false), after: i * 37 + kit.rng.int(0, 20) })),
    `Nine failed console logins for ${userName} in six minutes from ${attacker}.`,
    human === undefined ? opts : { startDay: human.startDay },
  );
  const typo = userSlot(8.9, 3, undefined, true);
  inject(
    kit,
    'negative',
    'aws.signin.repeated-failed-console-logins',
    typo,
    [login('Yes', false), { ...login('Yes'), after: 25, session: { ...typo.session, identity: userIdentity } }],
    `One mistyped password then a successful MFA login for ${userName}.`,
    human === undefined ? opts : { startDay: human.startDay },
  );

  const mk = (): Slot => next();
  let s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.access-key-created-for-other-user',
    s,
    [
      {
        api: 'iam:CreateAccessKey',
        requestParameters: { userName: 'svc-reporting' },
        responseElements: {
          accessKey: {
            userName: 'svc-reporting',
            accessKeyId: `AKIA${kit.rng.key(16)}`,
            status: 'Active',
            createDate: javaDate(s.time),
          },
        },
      },
    ],
    'An administrator created an access key for the user svc-reporting.',
  );
  s = userSlot(10.4, 4);
  const ownKeySession: Session = {
    ...s.session,
    identity: iamUser(humanAccount.id, userName, userId, human?.accessKeyId ?? `AKIA${kit.rng.key(16)}`),
    ua: UaFamily.Cli,
  };
  inject(
    kit,
    'negative',
    'aws.iam.access-key-created-for-other-user',
    { ...s, session: ownKeySession },
    [
      {
        api: 'iam:CreateAccessKey',
        requestParameters: { userName },
        responseElements: {
          accessKey: {
            userName,
            accessKeyId: `AKIA${kit.rng.key(16)}`,
            status: 'Active',
            createDate: javaDate(s.time),
          },
        },
      },
    ],
    `${userName} rotated their own access key.`,
    human === undefined ? opts : { startDay: human.startDay },
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.login-profile-for-other-user',
    s,
    [
      {
        api: 'iam:CreateLoginProfile',
        requestParameters: { userName: 'svc-reporting', passwordResetRequired: false },
        responseElements: {
          loginProfile: { userName: 'svc-reporting', createDate: javaDate(s.time), passwordResetRequired: false },
        },
      },
    ],
    'A console password created for the service user svc-reporting.',
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.login-profile-for-other-user',
    s,
    [
      {
        api: 'iam:UpdateLoginProfile',
        requestParameters: { userName: 'legacy-ftp', passwordResetRequired: false },
        responseElements: null,
      },
    ],
    'The console password of legacy-ftp changed by an administrator.',
  );
  s = userSlot(15.2, 5);
  inject(
    kit,
    'negative',
    'aws.iam.login-profile-for-other-user',
    {
      ...s,
      session: {
        ...s.session,
        identity: iamUser(humanAccount.id, userName, userId, accessKeyId(kit.rng, 'ASIA'), {
          creationDate: isoSeconds(s.time - HOUR),
          mfa: true,
        }),
        ua: UaFamily.Console,
        console: true,
      },
    },
    [{ api: 'iam:ChangePassword', requestParameters: null, responseElements: null }],
    `${userName} changed their own password.`,
    human === undefined ? opts : { startDay: human.startDay },
  );

  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.admin-policy-attached',
    s,
    [{ api: 'iam:AttachRolePolicy', requestParameters: { roleName: 'DataScienceRole', policyArn: ADMIN_POLICY } }],
    'AdministratorAccess attached to DataScienceRole.',
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.admin-policy-attached',
    s,
    [{ api: 'iam:AttachGroupPolicy', requestParameters: { groupName: 'developers', policyArn: ADMIN_POLICY } }],
    'AdministratorAccess attached to the developers group.',
  );
  s = mk();
  inject(
    kit,
    'negative',
    'aws.iam.admin-policy-attached',
    s,
    [
      {
        api: 'iam:AttachRolePolicy',
        requestParameters: { roleName: 'DataScienceRole', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      },
    ],
    'ReadOnlyAccess (not admin) attached to a role.',
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.inline-policy-allows-all',
    s,
    [
      {
        api: 'iam:PutUserPolicy',
        requestParameters: {
          userName: 'svc-reporting',
          policyName: 'temp-access',
          policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
      },
    ],
    'Inline policy granting *:* put on svc-reporting.',
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.inline-policy-allows-all',
    s,
    [
      {
        api: 'iam:PutRolePolicy',
        requestParameters: {
          roleName: 'app-server-role',
          policyName: 'debug',
          policyDocument:
            '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["*"],\n      "Resource": ["*"]\n    }\n  ]\n}',
        },
      },
    ],
    'Inline policy granting ["*"] on ["*"] (pretty-printed) put on app-server-role.',
  );
  s = mk();
  inject(
    kit,
    'negative',
    'aws.iam.inline-policy-allows-all',
    s,
    [
      {
        api: 'iam:PutRolePolicy',
        requestParameters: {
          roleName: 'app-server-role',
          policyName: 'bucket-read',
          policyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::${kit.res(s.account).buckets[1]}/*"}]}`,
        },
      },
    ],
    'A scoped inline policy (s3:GetObject on one bucket).',
  );
  const trust = (principal: string, condition = ''): string =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":${principal},"Action":"sts:AssumeRole"${condition}}]}`;
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.trust-policy-opened',
    s,
    [
      {
        api: 'iam:UpdateAssumeRolePolicy',
        requestParameters: {
          roleName: 'DataScienceRole',
          policyDocument: trust(`{"AWS":"arn:aws:iam::${EXTERNAL_ACCOUNT}:root"}`),
        },
      },
    ],
    `Trust policy of DataScienceRole opened to account ${EXTERNAL_ACCOUNT}, outside the organization.`,
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.trust-policy-opened',
    s,
    [
      {
        api: 'iam:UpdateAssumeRolePolicy',
        requestParameters: { roleName: 'github-actions-deploy', policyDocument: trust('{"AWS":"*"}') },
      },
    ],
    'Trust policy opened to everyone (Principal AWS *).',
  );
  s = mk();
  const inside = kit.accounts[(s.account.index + 1) % n]!.id;
  inject(
    kit,
    'negative',
    'aws.iam.trust-policy-opened',
    s,
    [
      {
        api: 'iam:UpdateAssumeRolePolicy',
        requestParameters: {
          roleName: 'DataScienceRole',
          policyDocument: trust(`{"AWS":"arn:aws:iam::${inside}:root"}`),
        },
      },
    ],
    'Trust policy extended to another account of the organization.',
  );
  s = mk();
  inject(
    kit,
    'negative',
    'aws.iam.trust-policy-opened',
    s,
    [
      {
        api: 'iam:UpdateAssumeRolePolicy',
        requestParameters: {
          roleName: 'DataScienceRole',
          policyDocument: trust(
            '{"AWS":"*"}',
            `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"${kit.ctx.org.id}"}}`,
          ),
        },
      },
    ],
    'Principal * but restricted to the organization by aws:PrincipalOrgID.',
  );
  s = mk();
  inject(
    kit,
    'rule',
    'aws.iam.policy-version-set-default',
    s,
    [
      {
        api: 'iam:SetDefaultPolicyVersion',
        requestParameters: { policyArn: `arn:aws:iam::${s.account.id}:policy/app-access`, versionId: 'v1' },
      },
    ],
    'An older version of a customer policy set as default (policy rollback).',
  );
  s = mk();
  inject(
    kit,
    'negative',
    'aws.iam.policy-version-set-default',
    s,
    [
      {
        api: 'iam:CreatePolicyVersion',
        requestParameters: {
          policyArn: `arn:aws:iam::${s.account.id}:policy/app-access`,
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
          setAsDefault: false,
        },
        responseElements: { policyVersion: { versionId: 'v4', isDefaultVersion: false, createDate: javaDate(s.time) } },
      },
    ],
    'A new policy version created without making it the default.',
  );
}
