/**
 * Humans: Identity Center sessions on AWSReservedSSO roles (console or CLI, weekdays in their
 * working hours, a few per day), a legacy IAM user with MFA console logins and an AKIA key, and
 * the Identity Center portal events in the management account.
 * @module
 */
import { action, adhocAction } from './actions.js';
import { type DayContext, type Emit, pick, regionFor, takeChurn, workTime } from './behaviour-kit.js';
import { accessKeyId, assumedRole, iamUser, identityCenterUser, samlUser, unknownUser } from './identity.js';
import type { Person, Principal, Session } from './model.js';
import { type Rng, rngFor } from './prng.js';
import { ASSUME_ROLE_SAML, assumeFields } from './sts-events.js';
import { isWeekend, isoSeconds } from './time.js';
import { UaFamily } from './user-agents.js';

/** `signin:ConsoleLogin`. */
export const CONSOLE_LOGIN = adhocAction('signin:ConsoleLogin', false);
const CREDENTIAL_VERIFICATION = adhocAction('signin:CredentialVerification', false);
const SSO_LIST_ACCOUNTS = adhocAction('sso:ListAccounts', true);
const SSO_LIST_ROLES = adhocAction('sso:ListAccountRoles', true);
const SSO_FEDERATE = adhocAction('sso:Federate', true);
const SSO_ROLE_CREDENTIALS = adhocAction('sso:GetRoleCredentials', true);
const LOGIN_TO =
  'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_c63b8b1fa6d0c1e4';

const STACK_UPDATE = [
  'ec2:CreateTags',
  'iam:TagRole',
  'lambda:UpdateFunctionConfiguration20150331v2',
  'logs:PutRetentionPolicy',
].map((a) => action(a));

/**
 * Routine calls of a session: `count` picks spaced like a human at a keyboard, with occasional churn.
 * Console sessions sometimes trigger calls AWS makes for the console (`AWS Internal`), and a
 * CloudFormation stack update makes calls with the user's credentials (`invokedBy`).
 */
function sessionCalls(
  rng: Rng,
  ctx: DayContext,
  p: Principal,
  session: Session,
  start: number,
  count: number,
  emit: Emit,
): void {
  let t = start + rng.int(5_000, 40_000);
  const churnAt = rng.chance(0.05) ? rng.int(0, count - 1) : -1;
  const internal: Session = { ...session, sourceIp: 'AWS Internal' };
  for (let i = 0; i < count; i++) {
    const a = (i === churnAt ? takeChurn(rng, p) : undefined) ?? pick(rng, p.repertoire);
    const viaConsole = session.console && rng.chance(0.08);
    emit({
      time: t,
      region: regionFor(rng, ctx.account, a),
      action: a,
      session: viaConsole ? internal : session,
      account: ctx.account,
      ...(viaConsole ? { userAgent: 'AWS Internal' } : {}),
    });
    t += rng.int(2_000, 90_000);
  }
  if (!rng.chance(0.03)) return;
  const cfn = 'cloudformation.amazonaws.com';
  const stack: Session = {
    ...session,
    identity: { ...session.identity, invokedBy: cfn },
    sourceIp: cfn,
    console: false,
  };
  for (let i = 0, n = rng.int(2, 6); i < n; i++) {
    const a = rng.pick(STACK_UPDATE);
    t += rng.int(1_000, 15_000);
    emit({
      time: t,
      region: regionFor(rng, ctx.account, a),
      action: a,
      session: stack,
      account: ctx.account,
      userAgent: cfn,
    });
  }
}

function ssoSession(rng: Rng, ctx: DayContext, p: Principal, person: Person, emit: Emit): void {
  const role = p.role;
  if (role === undefined) return;
  const start = workTime(rng, ctx.dayStart, person.officeOffset);
  const ip = rng.chance(0.85) ? (person.ips[0] as string) : (person.ips[1] as string);
  const console = rng.chance(person.consoleShare);
  const key = accessKeyId(rng, 'ASIA');
  const identity = assumedRole({ role, sessionName: person.email, accessKeyId: key, creationDate: isoSeconds(start) });
  emit({
    time: start,
    region: 'us-east-1',
    action: ASSUME_ROLE_SAML,
    session: {
      identity: samlUser(ctx.org.samlNameQualifier, person.email),
      sourceIp: ip,
      ua: UaFamily.Browser,
      uaVariant: person.variant,
      console: false,
    },
    account: ctx.account,
    userAgent:
      'aws-internal/3 aws-sdk-java/1.12.780 Linux/5.10.236-206.928.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.452-b09 java/1.8.0_452 vendor/Oracle_Corporation cfg/retry-mode/standard',
    ...assumeFields(rng, role, person.email, key, start, {
      principalArn: `arn:aws:iam::${ctx.account.id}:saml-provider/${ctx.account.samlProvider}`,
      durationSeconds: 3600,
    }),
  });
  if (console) {
    const { accessKeyId: _omit, ...loginIdentity } = identity;
    emit({
      time: start + rng.int(1_000, 4_000),
      region: 'us-east-1',
      action: CONSOLE_LOGIN,
      session: {
        identity: loginIdentity,
        sourceIp: ip,
        ua: UaFamily.Browser,
        uaVariant: person.variant,
        console: false,
      },
      account: ctx.account,
      eventType: 'AwsConsoleSignIn',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { MobileVersion: 'No', MFAUsed: 'No' },
    });
  }
  const session: Session = {
    identity,
    sourceIp: ip,
    ua: console ? UaFamily.Console : UaFamily.Cli,
    uaVariant: person.variant,
    console,
  };
  sessionCalls(rng, ctx, p, session, start, 3 + rng.poisson(22 * ctx.activity), emit);
}

/** One day of an Identity Center permission-set role: sessions of its people. */
export function ssoRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const weekend = isWeekend(ctx.dayStart);
  let any = false;
  for (const person of p.people ?? []) {
    if (ctx.day < person.startDay) continue;
    const rng = rngFor(ctx.seed, p.id, person.email, ctx.day);
    const forced = !any && ctx.day === p.startDay && person.startDay === p.startDay;
    if (!forced && !rng.chance(weekend ? person.activeRate * 0.05 : person.activeRate)) continue;
    any = true;
    const sessions = 1 + rng.poisson(0.4);
    for (let s = 0; s < sessions; s++) ssoSession(rng, ctx, p, person, emit);
  }
}

/** One day of the legacy IAM user: console with MFA, or the CLI with its access key. */
export function iamHumanDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  if (ctx.day !== p.startDay && !rng.chance(isWeekend(ctx.dayStart) ? 0.03 : 0.6)) return;
  const userName = p.userName as string;
  const start = workTime(rng, ctx.dayStart, 1);
  const ip = rng.pick(p.sourceIps ?? ['81.2.69.160']);
  if (rng.chance(0.5)) {
    emit({
      time: start,
      region: 'us-east-1',
      action: CONSOLE_LOGIN,
      session: {
        identity: {
          type: 'IAMUser',
          principalId: p.userId,
          arn: `arn:aws:iam::${ctx.account.id}:user/${userName}`,
          accountId: ctx.account.id,
          userName,
        },
        sourceIp: ip,
        ua: UaFamily.Browser,
        uaVariant: 1,
        console: false,
      },
      account: ctx.account,
      eventType: 'AwsConsoleSignIn',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: {
        LoginTo: LOGIN_TO,
        MobileVersion: 'No',
        MFAUsed: 'Yes',
        MFAIdentifier: `arn:aws:iam::${ctx.account.id}:mfa/${userName}`,
      },
    });
    const identity = iamUser(ctx.account.id, userName, p.userId as string, accessKeyId(rng, 'ASIA'), {
      creationDate: isoSeconds(start),
      mfa: true,
    });
    sessionCalls(
      rng,
      ctx,
      p,
      { identity, sourceIp: ip, ua: UaFamily.Console, uaVariant: 1, console: true },
      start,
      3 + rng.poisson(15 * ctx.activity),
      emit,
    );
  } else {
    const identity = iamUser(ctx.account.id, userName, p.userId as string, p.accessKeyId as string);
    sessionCalls(
      rng,
      ctx,
      p,
      { identity, sourceIp: ip, ua: UaFamily.Cli, uaVariant: 1, console: false },
      start,
      3 + rng.poisson(15 * ctx.activity),
      emit,
    );
  }
}

/** The Identity Center portal in the management account: sign-in checks, account lists, credentials. */
export function identityCenterDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const region = ctx.org.idcRegion;
  for (const person of p.people ?? []) {
    if (ctx.day < person.startDay) continue;
    const rng = rngFor(ctx.seed, p.id, person.email, ctx.day);
    if (!rng.chance(isWeekend(ctx.dayStart) ? 0.04 : 0.8)) continue;
    const t = workTime(rng, ctx.dayStart, person.officeOffset) - 60_000;
    const ip = person.ips[0] as string;
    const browser = { sourceIp: ip, ua: UaFamily.Browser, uaVariant: person.variant, console: false } as const;
    emit({
      time: t,
      region,
      action: CREDENTIAL_VERIFICATION,
      session: { ...browser, identity: unknownUser(ctx.account.id, person.email, person.userId) },
      account: ctx.account,
      eventType: 'AwsServiceEvent',
      requestParameters: null,
      responseElements: null,
      additionalEventData: { AuthWorkflowID: rng.uuid(), CredentialType: 'PASSWORD' },
      serviceEventDetails: { CredentialVerification: 'Success' },
    });
    const ic = identityCenterUser(ctx.account.id, ctx.org.identityStoreId, person.userId, rng.alnum(43));
    const calls = [
      SSO_LIST_ACCOUNTS,
      SSO_LIST_ROLES,
      rng.chance(person.consoleShare) ? SSO_FEDERATE : SSO_ROLE_CREDENTIALS,
    ];
    calls.forEach((action, i) => {
      emit({
        time: t + 20_000 + i * rng.int(1_000, 8_000),
        region,
        action,
        session: { ...browser, identity: ic },
        account: ctx.account,
        requestParameters: null,
        responseElements: null,
      });
    });
  }
}
