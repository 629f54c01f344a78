/**
 * What the burst rules share: one principal touching many distinct targets (secrets, parameters,
 * instances) within one window. Targets are counted distinct, so an application reading the same few
 * secrets on every cold start stays quiet however often it runs; calls AWS services make on a
 * principal's behalf are left out.
 * @module
 */
import { type CloudTrailRecord, type Principal, principalOf, serviceCallReason } from '../../cloudtrail/index.js';
import { capitalize, describePrincipal } from '../describe.js';
import { deniedByPermission, succeeded } from '../fields.js';

/** One principal's calls in a window that named at least `threshold` distinct targets. */
export interface Burst {
  principal: Principal;
  /** Every call of the principal that named a target, in window order. */
  records: CloudTrailRecord[];
  /** The distinct targets, in first-seen order. */
  targets: string[];
  /** Calls that succeeded, and calls AWS refused for lack of permission. */
  succeeded: number;
  denied: number;
}

/** Whether an AWS service made the call (as itself, invoked by, from a service address, through a service-linked role). */
export function byAwsService(r: CloudTrailRecord): boolean {
  return serviceCallReason(r) !== null;
}

/**
 * Groups the records by principal (a role across its sessions) and keeps the principals whose
 * records name at least `threshold` distinct targets. `targetsOf` returns the targets one call named
 * (empty: the call does not count).
 */
export function findBursts(
  records: readonly CloudTrailRecord[],
  targetsOf: (r: CloudTrailRecord) => readonly string[],
  threshold: number,
): Burst[] {
  const groups = new Map<string, { principal: Principal; records: CloudTrailRecord[]; targets: Set<string> }>();
  for (const r of records) {
    if (byAwsService(r)) continue;
    const targets = targetsOf(r).filter((t) => t !== '');
    if (targets.length === 0) continue;
    const principal = principalOf(r);
    let group = groups.get(principal.key);
    if (group === undefined) {
      group = { principal, records: [], targets: new Set() };
      groups.set(principal.key, group);
    }
    group.records.push(r);
    for (const t of targets) group.targets.add(t);
  }
  const min = Math.max(1, threshold);
  return [...groups.values()]
    .filter((g) => g.targets.size >= min)
    .map((g) => ({
      principal: g.principal,
      records: g.records,
      targets: [...g.targets],
      succeeded: g.records.filter(succeeded).length,
      denied: g.records.filter(deniedByPermission).length,
    }));
}

/** "IAM user alice", "Role ci" ...: who the burst belongs to, capitalised to open a title. */
export function burstActor(burst: Burst): string {
  return capitalize(describePrincipal(burst.principal));
}

/** ", all denied" / ", 3 denied" / "": how the calls ended, for titles. */
export function deniedNote(burst: Burst): string {
  if (burst.denied === 0) return '';
  return burst.denied === burst.records.length ? ', all denied' : `, ${burst.denied} denied`;
}

/** The first `max` targets, for a finding's context. */
export function sample(targets: readonly string[], max = 20): string[] {
  return targets.slice(0, max);
}
