/**
 * What the burst rules share: one principal touching many distinct targets (secrets, parameters,
 * instances, regions) within the sliding span. Targets are counted distinct, so an application reading
 * the same few secrets on every cold start stays quiet however often it runs; calls AWS services make on a
 * principal's behalf are left out. Facts the titles need travel as flags, so a burst that straddles runs
 * is described from all of its calls.
 * @module
 */
import { type CloudTrailRecord, type Principal, principalOf, serviceCallReason } from '../../cloudtrail/index.js';
import { capitalize, describePrincipal } from '../describe.js';
import { deniedByPermission, succeeded } from '../fields.js';
import type { Burst, Observation } from '../types.js';

/** Flags every principal observation carries. */
export const CallFlag = {
  /** The call succeeded. */
  Ok: 'ok',
  /** AWS refused it for lack of permission. */
  Denied: 'denied',
  /** A call that names no target and only gives context (a listing before the reads). */
  Context: 'context',
} as const;

/** Whether an AWS service made the call (as itself, invoked by, from a service address, through a service-linked role). */
export function byAwsService(r: CloudTrailRecord): boolean {
  return serviceCallReason(r) !== null;
}

/** The principal's fields, whether an AWS service made the call, and its error code (see {@link principalCallReads}). */
const PRINCIPAL_CALL_FIELDS = [
  '$.eventSource',
  '$.eventName',
  '$.sourceIPAddress',
  '$.errorCode',
  '$.userIdentity.type',
  '$.userIdentity.accountId',
  '$.userIdentity.arn',
  '$.userIdentity.principalId',
  '$.userIdentity.userName',
  '$.userIdentity.invokedBy',
  '$.userIdentity.identityProvider',
  '$.userIdentity.onBehalfOf.identityStoreArn',
  '$.userIdentity.onBehalfOf.userId',
  '$.userIdentity.sessionContext.sessionIssuer.arn',
  '$.userIdentity.sessionContext.sessionIssuer.userName',
  '$.userIdentity.sessionContext.sessionIssuer.accountId',
  '$.userIdentity.sessionContext.sessionIssuer.principalId',
] as const;

/**
 * What {@link principalObservation} reads of a call to one of `eventNames` (as `WindowRule.reads` paths): the
 * principal, whether an AWS service made the call, and how it ended (`$.responseElements.<eventName>` is where a
 * sign-in style response marks a failure). A rule adds its own fields.
 */
export function principalCallReads(eventNames: readonly string[]): string[] {
  return [...PRINCIPAL_CALL_FIELDS, ...eventNames.map((name) => `$.responseElements.${name}`)];
}

/**
 * The observation of a principal's call: the actor is the principal (a role across its sessions), with
 * `suffix` when a rule counts several ways; flags say how it ended and the principal's type (`type:IAMUser`).
 * Null for calls AWS services made.
 */
export function principalObservation(
  r: CloudTrailRecord,
  targets: readonly string[],
  flags: readonly string[] = [],
  suffix = '',
): Observation | null {
  if (byAwsService(r)) return null;
  const p = principalOf(r);
  const outcome = succeeded(r) ? CallFlag.Ok : deniedByPermission(r) ? CallFlag.Denied : 'failed';
  return { actor: suffix === '' ? p.key : `${p.key}|${suffix}`, targets, flags: [outcome, `type:${p.type}`, ...flags] };
}

/** The principal of a burst (from its records; they all belong to the actor). */
export function burstPrincipal(burst: Burst): Principal {
  return principalOf(burst.records[0] ?? {});
}

/** "IAM user alice", "Role ci" ...: who the burst belongs to, capitalised to open a title. */
export function burstActor(burst: Burst): string {
  return capitalize(describePrincipal(burstPrincipal(burst)));
}

/** Calls of the burst that named a target (context calls left out). */
export function targetCalls(burst: Burst): number {
  return burst.calls - (burst.flags[CallFlag.Context] ?? 0);
}

/** Calls that succeeded. */
export function succeededCalls(burst: Burst): number {
  return burst.flags[CallFlag.Ok] ?? 0;
}

/** Calls AWS refused for lack of permission. */
export function deniedCalls(burst: Burst): number {
  return burst.flags[CallFlag.Denied] ?? 0;
}

/** Whether the principal's type (from the flags) is one of `types`. */
export function principalTypeIn(burst: Burst, types: ReadonlySet<string>): boolean {
  return Object.keys(burst.flags).some((f) => f.startsWith('type:') && types.has(f.slice(5)));
}

/** ", all denied" / ", 3 denied" / "": how the calls ended, for titles. */
export function deniedNote(burst: Burst): string {
  const denied = deniedCalls(burst);
  if (denied === 0) return '';
  return denied >= targetCalls(burst) ? ', all denied' : `, ${denied} denied`;
}

/** The values of flags `prefix:value` seen in the burst. */
export function flagValues(burst: Burst, prefix: string): string[] {
  return Object.keys(burst.flags)
    .filter((f) => f.startsWith(`${prefix}:`))
    .map((f) => f.slice(prefix.length + 1));
}

/** The first `max` targets, for a finding's context. */
export function sample(targets: readonly string[], max = 20): string[] {
  return targets.slice(0, max);
}
