/**
 * Dispatches one principal's day to its behaviour; nothing happens before its start day.
 * @module
 */
import { ciRoleDay, iamAutomationDay, opsAutomationDay, orgAccessRoleDay } from './behaviour-automation.js';
import { identityCenterDay, iamHumanDay, ssoRoleDay } from './behaviour-humans.js';
import type { DayContext, Emit } from './behaviour-kit.js';
import { instanceRoleDay, lambdaRoleDay, serviceLinkedRoleDay } from './behaviour-workloads.js';
import { type Principal, PrincipalKind } from './model.js';

const BEHAVIOURS: Record<PrincipalKind, (p: Principal, ctx: DayContext, emit: Emit) => void> = {
  [PrincipalKind.SsoRole]: ssoRoleDay,
  [PrincipalKind.IamHuman]: iamHumanDay,
  [PrincipalKind.IamAutomation]: iamAutomationDay,
  [PrincipalKind.OpsAutomation]: opsAutomationDay,
  [PrincipalKind.CiRole]: ciRoleDay,
  [PrincipalKind.InstanceRole]: instanceRoleDay,
  [PrincipalKind.LambdaRole]: lambdaRoleDay,
  [PrincipalKind.OrgAccessRole]: orgAccessRoleDay,
  [PrincipalKind.ServiceLinkedRole]: serviceLinkedRoleDay,
  [PrincipalKind.IdentityCenter]: identityCenterDay,
};

/** Emits the routine drafts of one principal for one day. */
export function principalDay(p: Principal, ctx: DayContext, emit: Emit): void {
  if (ctx.day < p.startDay) return;
  BEHAVIOURS[p.kind](p, ctx, emit);
}
