/**
 * Workloads, steady around the clock: EC2 instance roles (SSM agent heartbeats, application
 * calls, credentials rotated by ec2.amazonaws.com), Lambda execution roles on schedules (cold
 * starts assumed by lambda.amazonaws.com) and service-linked roles called by their service.
 * @module
 */
import type { ActionSpec } from './actions.js';
import { action } from './actions.js';
import { type DayContext, type Emit, periodic, pick } from './behaviour-kit.js';
import { type RoleRef, accessKeyId, assumedRole, awsService } from './identity.js';
import type { Principal, Session } from './model.js';
import { ipIn } from './org.js';
import { type Rng, rngFor } from './prng.js';
import { ASSUME_ROLE, assumeFields } from './sts-events.js';
import { HOUR, MINUTE, isoSeconds } from './time.js';
import { UaFamily } from './user-agents.js';

const UPDATE_INSTANCE_INFORMATION = action('ssm:UpdateInstanceInformation');
const LIST_ASSOCIATIONS = action('ssm:ListInstanceAssociations');
/** Services reached through interface VPC endpoints in accounts that have them. */
const VIA_ENDPOINT = new Set(['ssm.amazonaws.com', 'kms.amazonaws.com', 'secretsmanager.amazonaws.com']);
const LAMBDA_PREFIXES = ['3.227', '18.232', '52.90', '34.228', '54.158'];

/** Credentials a service hands out for a role, with the service's own AssumeRole record. */
function serviceCredentials(
  rng: Rng,
  ctx: DayContext,
  role: RoleRef,
  service: string,
  sessionName: string,
  time: number,
  emit: Emit,
): string {
  const key = accessKeyId(rng, 'ASIA');
  emit({
    time,
    region: ctx.account.homeRegion,
    action: ASSUME_ROLE,
    session: { identity: awsService(service), sourceIp: service, ua: UaFamily.Console, uaVariant: 0, console: false },
    account: ctx.account,
    userAgent: service,
    ...assumeFields(rng, role, sessionName, key, time),
  });
  return key;
}

/** One day of an EC2 instance role: every instance heartbeats through SSM and makes its own calls. */
export function instanceRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const role = p.role as RoleRef;
  const endpoints = ctx.account.index % 2 === 0;
  for (const instanceId of p.instances ?? []) {
    const rng = rngFor(ctx.seed, p.id, instanceId, ctx.day);
    const phase = rngFor(ctx.seed, 'phase', instanceId).int(0, 59 * MINUTE);
    const nat = ctx.account.natIps[ctx.account.homeRegion]?.[instanceId.charCodeAt(5) % 2] ?? '52.5.1.1';
    const privateIp = `${ctx.account.vpcPrefix}.${instanceId.charCodeAt(3) % 40}.${instanceId.charCodeAt(6) + 20}`;
    const endpointId = `vpce-0${rngFor(ctx.seed, 'vpce', ctx.account.id).hex(16)}`;
    const sessions: Session[] = [];
    for (let block = 0; block < 4; block++) {
      const created = ctx.dayStart + block * 6 * HOUR + phase;
      const key = serviceCredentials(rng, ctx, role, 'ec2.amazonaws.com', instanceId, created, emit);
      sessions.push({
        identity: assumedRole({
          role,
          sessionName: instanceId,
          accessKeyId: key,
          creationDate: isoSeconds(created),
          ec2RoleDelivery: '2.0',
        }),
        sourceIp: nat,
        ua: p.ua ?? UaFamily.JsSdk,
        uaVariant: 0,
        console: false,
        instanceId,
      });
    }
    const sessionAt = (t: number): Session =>
      sessions[Math.max(0, Math.min(3, Math.floor((t - ctx.dayStart - phase) / (6 * HOUR))))] as Session;
    const call = (t: number, a: ActionSpec, ua?: UaFamily): void => {
      const base = sessionAt(t);
      const viaEndpoint = endpoints && VIA_ENDPOINT.has(a.source);
      const session =
        viaEndpoint || ua !== undefined
          ? {
              ...base,
              ...(ua !== undefined ? { ua } : {}),
              ...(viaEndpoint ? { sourceIp: privateIp, vpcEndpointId: endpointId } : {}),
            }
          : base;
      emit({ time: t, region: ctx.account.homeRegion, action: a, session, account: ctx.account, instanceId });
    };
    for (const t of periodic(rng, ctx.dayStart, 5 / ctx.activity, phase))
      call(t, UPDATE_INSTANCE_INFORMATION, UaFamily.SsmAgent);
    for (const t of periodic(rng, ctx.dayStart, 30 / ctx.activity, phase + 90_000))
      call(t, LIST_ASSOCIATIONS, UaFamily.SsmAgent);
    const interval = p.intervalMinutes ?? 10;
    if (interval <= 5) {
      // Nightly batch: a dense burst between 00:30 and 03:30.
      const n = rng.poisson(150 * ctx.activity);
      for (let i = 0; i < n; i++)
        call(ctx.dayStart + 30 * MINUTE + Math.floor(rng.float() * 3 * HOUR), pick(rng, p.repertoire));
    } else {
      for (const t of periodic(rng, ctx.dayStart, interval / ctx.activity, phase + 200_000, 60_000)) {
        call(t, pick(rng, p.repertoire));
        if (rng.chance(0.3)) call(t + rng.int(50, 900), pick(rng, p.repertoire));
      }
    }
  }
}

/** One day of a Lambda execution role: scheduled invocations, new credentials at each cold start. */
export function lambdaRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const role = p.role as RoleRef;
  const fn = p.functionName as string;
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  const phase = rngFor(ctx.seed, 'phase', p.id).int(0, 4 * MINUTE);
  let session: Session | undefined;
  let sessionUntil = 0;
  const invoke = (t: number, calls: number): void => {
    if (session === undefined || t >= sessionUntil) {
      const key = serviceCredentials(rng, ctx, role, 'lambda.amazonaws.com', fn, t - rng.int(200, 900), emit);
      session = {
        identity: assumedRole({ role, sessionName: fn, accessKeyId: key, creationDate: isoSeconds(t) }),
        sourceIp: ipIn(rng, LAMBDA_PREFIXES),
        ua: p.ua ?? UaFamily.Boto3,
        uaVariant: 0,
        console: false,
      };
      sessionUntil = t + rng.int(1, 4) * HOUR;
    }
    let at = t + rng.int(100, 1_500);
    for (let i = 0; i < calls; i++) {
      const a = pick(rng, p.repertoire);
      emit({
        time: at,
        region: a.global ? 'us-east-1' : ctx.account.homeRegion,
        action: a,
        session,
        account: ctx.account,
      });
      at += rng.int(20, 400);
    }
  };
  const interval = p.intervalMinutes ?? 60;
  if (interval >= 24 * 60) {
    invoke(ctx.dayStart + 3 * HOUR + phase * 10, 5 + rng.poisson(8 * ctx.activity));
    return;
  }
  for (const t of periodic(rng, ctx.dayStart, interval / ctx.activity, phase, 2_000))
    invoke(t, rng.chance(0.3) ? 2 : 1);
}

/** One day of a service-linked role: bursts of reads made by its service (invokedBy set). */
export function serviceLinkedRoleDay(p: Principal, ctx: DayContext, emit: Emit): void {
  const role = p.role as RoleRef;
  const service = p.service as string;
  const rng = rngFor(ctx.seed, p.id, ctx.day);
  const phase = rngFor(ctx.seed, 'phase', p.id).int(0, 60 * MINUTE);
  const sessionName = service.startsWith('config') ? 'AWSConfig-Describe' : 'TrustedAdvisor_Refresh';
  for (const start of periodic(rng, ctx.dayStart, p.intervalMinutes ?? 360, phase, 60_000)) {
    const identity = assumedRole({
      role,
      sessionName,
      accessKeyId: accessKeyId(rng, 'ASIA'),
      creationDate: isoSeconds(start),
      invokedBy: service,
    });
    const session: Session = { identity, sourceIp: service, ua: UaFamily.Console, uaVariant: 0, console: false };
    let t = start;
    for (let i = 0, n = 8 + rng.poisson(12 * ctx.activity); i < n; i++) {
      const a = pick(rng, p.repertoire);
      emit({
        time: t,
        region: a.global ? 'us-east-1' : ctx.account.homeRegion,
        action: a,
        session,
        account: ctx.account,
        userAgent: service,
      });
      t += rng.int(100, 4_000);
    }
  }
}
