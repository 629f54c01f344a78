/**
 * Automation: Terraform runs from GitHub Actions (AssumeRoleWithWebIdentity, then a burst of
 * reads and, on applies, writes), a legacy backup user with an access key, the management
 * account's inventory user and the OrganizationAccountAccessRole sessions it opens weekly.
 * @module
 */
import { type DayContext, type Emit, pick, regionFor, split, takeChurn } from './behaviour-kit.js';
import { type RoleRef, accessKeyId, assumedRole, awsAccount, iamUser, webIdentityUser } from './identity.js';
import type { Principal, Session } from './model.js';
import { type Account, ipIn } from './org.js';
import { rngFor } from './prng.js';
import { inventoryAssume, inventoryRuns, opsUser } from './shared-actors.js';
import { ASSUME_ROLE, ASSUME_ROLE_WEB, assumeFields } from './sts-events.js';
import { HOUR, MINUTE, isWeekend, isoSeconds } from './time.js';
import { UaFamily } from './user-agents.js';

const RUNNER_PREFIXES = ['20.57', '20.172', '40.84', '52.234', '4.175', '172.183'];

/** The GitHub OIDC provider ARN of an account. */
export function githubProvider(accountId: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;
}

/** The `sub` claim of a repository's main branch. */
export function githubSubject(repo: string): string {
  return `repo:acme-corp/${repo}:ref:refs/heads/main`;
}

/** One Terraform run: the OIDC exchange, a plan's reads, and an apply's writes. */
export function ciRun(p: Principal, ctx: DayContext, start: number, run: string, emit: Emit, apply: boolean): Session {
  const rng = rngFor(ctx.seed, p.id, ctx.day, run);
  const role = p.role as RoleRef;
  const provider = githubProvider(ctx.account.id);
  const repo = p.id.endsWith('data-pipeline-deploy') ? 'data-pipeline' : `${ctx.account.name}-infra`;
  const ip = ipIn(rng, RUNNER_PREFIXES);
  const key = accessKeyId(rng, 'ASIA');
  const fields = assumeFields(rng, role, 'GitHubActions', key, start, { durationSeconds: 3600 });
  emit({
    time: start,
    region: ctx.account.homeRegion,
    action: ASSUME_ROLE_WEB,
    session: {
      identity: webIdentityUser(provider, githubSubject(repo)),
      sourceIp: ip,
      ua: UaFamily.GithubOidc,
      uaVariant: 0,
      console: false,
    },
    account: ctx.account,
    ...fields,
    responseElements: {
      ...fields.responseElements,
      subjectFromWebIdentityToken: githubSubject(repo),
      provider,
      audience: 'sts.amazonaws.com',
    },
    additionalEventData: { identityProviderConnectionVerificationMethod: 'IAMTrustStore' },
  });
  const session: Session = {
    identity: assumedRole({
      role,
      sessionName: 'GitHubActions',
      accessKeyId: key,
      creationDate: isoSeconds(start),
      federatedProvider: provider,
    }),
    sourceIp: ip,
    ua: UaFamily.Terraform,
    uaVariant: 0,
    console: false,
  };
  const { reads, writes } = split(p.repertoire);
  let t = start + rng.int(3_000, 15_000);
  const churn = rng.chance(0.02) ? takeChurn(rng, p) : undefined;
  const count = 15 + rng.poisson(55 * ctx.activity);
  for (let i = 0; i < count && reads.length > 0; i++) {
    const action = pick(rng, reads);
    emit({ time: t, region: regionFor(rng, ctx.account, action), action, session, account: ctx.account });
    t += rng.int(50, 2_500);
  }
  if (churn !== undefined)
    emit({ time: t, region: regionFor(rng, ctx.account, churn), action: churn, session, account: ctx.account });
  if (apply && writes.length > 0) {
    const n = 1 + rng.poisson(3);
    for (let i = 0; i < n; i++) {
      t += rng.int(1_000, 20_000);
      const action = pick(rng, writes);
      emit({ time: t, region: regionFor(rng, ctx.account, action), action, session, account: ctx.account });
    }
  }
  return session;
}

/** One day of a CI deploy role: a few runs on weekdays, rarely at weekends. */
export function ciRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  let runs = rng.poisson((isWeekend(ctx.dayStart) ? 0.3 : 3) * Math.sqrt(ctx.activity));
  if (ctx.day === p.startDay) runs = Math.max(1, runs);
  for (let r = 0; r < runs; r++) {
    const start = ctx.dayStart + 6 * HOUR + Math.floor(rng.float() * 13 * HOUR);
    ciRun(p, ctx, start, `run-${r}`, emit, rng.chance(0.4));
  }
}

/** One night of the on-premises backup user. */
export function iamAutomationDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  const identity = iamUser(ctx.account.id, p.userName as string, p.userId as string, p.accessKeyId as string);
  const session: Session = {
    identity,
    sourceIp: (p.sourceIps ?? ['81.2.69.161'])[0] as string,
    ua: UaFamily.LegacyCli,
    uaVariant: 0,
    console: false,
  };
  let t = ctx.dayStart + HOUR + rng.int(0, 20 * MINUTE);
  const n = 6 + rng.poisson(10 * ctx.activity);
  for (let i = 0; i < n; i++) {
    const action = pick(rng, p.repertoire);
    emit({ time: t, region: ctx.account.homeRegion, action, session, account: ctx.account });
    t += rng.int(500, 30_000);
  }
}

/** The management account's inventory user: nightly org reads, and the weekly AssumeRole into every member account. */
export function opsAutomationDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  const ops = opsUser(ctx.seed, ctx.org);
  const session: Session = {
    identity: iamUser(ops.accountId, ops.userName, ops.userId, ops.accessKeyId),
    sourceIp: ops.ip,
    ua: UaFamily.Boto3,
    uaVariant: 1,
    console: false,
  };
  let t = ctx.dayStart + HOUR + rng.int(0, 10 * MINUTE);
  for (let i = 0, n = 2 + rng.poisson(3); i < n; i++) {
    emit({ time: t, region: 'us-east-1', action: pick(rng, p.repertoire), session, account: ctx.account });
    t += rng.int(300, 5_000);
  }
  if (!inventoryRuns(ctx.day, ctx.dayStart)) return;
  for (const target of ctx.org.accounts.slice(1)) {
    const x = inventoryAssume(ctx.seed, target, ctx.day, ctx.dayStart);
    const targetRole: RoleRef = { accountId: target.id, name: 'OrganizationAccountAccessRole', path: '', roleId: '' };
    emit({
      time: x.time,
      region: 'us-east-1',
      action: ASSUME_ROLE,
      session,
      account: ctx.account,
      requestID: x.requestID,
      eventId: x.callerEventId,
      sharedEventID: x.sharedEventID,
      ...assumeFields(
        rng,
        { ...targetRole, roleId: orgAccessRoleId(ctx.seed, target) },
        x.sessionName,
        x.sessionKey,
        x.time,
        { durationSeconds: 3600 },
      ),
    });
  }
}

/** The role id of a target account's OrganizationAccountAccessRole (same derivation as principals.ts). */
function orgAccessRoleId(seed: string, target: Account): string {
  return `AROA${rngFor(seed, 'role-id', target.id, 'OrganizationAccountAccessRole').key(17)}`;
}

/** A member account's OrganizationAccountAccessRole: the callee's copy of the AssumeRole, then the inventory reads. */
export function orgAccessRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  if (!inventoryRuns(ctx.day, ctx.dayStart)) return;
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  const ops = opsUser(ctx.seed, ctx.org);
  const role = p.role as RoleRef;
  const x = inventoryAssume(ctx.seed, ctx.account, ctx.day, ctx.dayStart);
  emit({
    time: x.time,
    region: 'us-east-1',
    action: ASSUME_ROLE,
    session: {
      identity: awsAccount(ops.accountId, ops.userId),
      sourceIp: ops.ip,
      ua: UaFamily.Boto3,
      uaVariant: 1,
      console: false,
    },
    account: ctx.account,
    requestID: x.requestID,
    eventId: x.calleeEventId,
    sharedEventID: x.sharedEventID,
    ...assumeFields(rng, role, x.sessionName, x.sessionKey, x.time, { durationSeconds: 3600 }),
  });
  const session: Session = {
    identity: assumedRole({
      role,
      sessionName: x.sessionName,
      accessKeyId: x.sessionKey,
      creationDate: isoSeconds(x.time),
    }),
    sourceIp: ops.ip,
    ua: UaFamily.Boto3,
    uaVariant: 1,
    console: false,
  };
  let t = x.time + rng.int(1_000, 5_000);
  for (let i = 0, n = 5 + rng.poisson(5); i < n; i++) {
    const action = pick(rng, p.repertoire);
    emit({ time: t, region: regionFor(rng, ctx.account, action), action, session, account: ctx.account });
    t += rng.int(200, 3_000);
  }
}
