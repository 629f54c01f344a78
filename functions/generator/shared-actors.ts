/**
 * Facts two accounts must agree on, derived from the seed alone so that each account can be
 * generated on its own: the management account's automation user, and the weekly inventory
 * AssumeRole that both the caller's and the callee's trails record.
 * @module
 */
import { accessKeyId, uniqueId } from './identity.js';
import type { Account, Org } from './org.js';
import { rngFor } from './prng.js';
import { HOUR, MINUTE, weekday } from './time.js';

/** The management account's IAM user that runs the org inventory (also the stolen key of the incident). */
export interface OpsUser {
  accountId: string;
  userName: string;
  userId: string;
  accessKeyId: string;
  ip: string;
}

/** The ops-automation user of an organization. */
export function opsUser(seed: string, org: Org): OpsUser {
  const mgmt = org.accounts[0] as Account;
  return {
    accountId: mgmt.id,
    userName: 'ops-automation',
    userId: uniqueId(rngFor(seed, 'user-id', mgmt.id, 'ops-automation'), 'AIDA'),
    accessKeyId: accessKeyId(rngFor(seed, 'akia', mgmt.id, 'ops'), 'AKIA'),
    ip: org.offices[0]?.ips[0] ?? '81.2.69.160',
  };
}

/** One cross-account AssumeRole as both trails see it. */
export interface CrossAccountAssume {
  time: number;
  requestID: string;
  sharedEventID: string;
  /** Event ids of the caller's and the callee's copies. */
  callerEventId: string;
  calleeEventId: string;
  sessionKey: string;
  sessionName: string;
}

/** Whether the inventory job runs on a day: the first day and every Monday. */
export function inventoryRuns(day: number, dayStart: number): boolean {
  return day === 0 || weekday(dayStart) === 1;
}

/** The inventory job's AssumeRole into a target account on a given day. */
export function inventoryAssume(seed: string, target: Account, day: number, dayStart: number): CrossAccountAssume {
  const rng = rngFor(seed, 'inventory', target.id, day);
  return {
    time: dayStart + 2 * HOUR + target.index * 7_000 + rng.int(0, 4 * MINUTE),
    requestID: rng.uuid(),
    sharedEventID: rng.uuid(),
    callerEventId: rng.uuid(),
    calleeEventId: rng.uuid(),
    sessionKey: accessKeyId(rng, 'ASIA'),
    sessionName: 'ops-inventory',
  };
}
