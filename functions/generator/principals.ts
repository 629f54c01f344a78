/**
 * The principals of one account: SSO permission-set roles, CI and automation, EC2 instance roles,
 * Lambda execution roles, service-linked roles, IAM users, and the ones that appear mid-period.
 * Each gets a stable repertoire sampled from its pool, minus its reserved actions.
 * @module
 */
import { action, actionKey } from './actions.js';
import { type RoleRef, accessKeyId, uniqueId } from './identity.js';
import { type Principal, type PrincipalKind, PrincipalKind as Kind, type WeightedAction } from './model.js';
import { AccountKind, type Account, type Org } from './org.js';
import type { Workforce } from './people.js';
import * as pools from './pools.js';
import { type Rng, rngFor } from './prng.js';
import { RESERVED } from './reserved.js';
import { INSTANCE_ROLES, LAMBDA_FUNCTIONS, type AccountResources } from './resources.js';
import { UaFamily } from './user-agents.js';

/** Name of the IAM user humans use in some legacy accounts. */
export const IAM_HUMAN_USER = 'lena.schmidt';
/** The day a mid-period principal that gets during-learning injections starts (undefined if the period is too short). */
export function learningSubjectStart(days: number): number | undefined {
  return days >= 4 ? Math.max(1, Math.min(Math.floor(days / 2), days - 3)) : undefined;
}

function weigh(pool: pools.Pool, reserved: ReadonlySet<string>): WeightedAction[] {
  return pool.map(([short, weight]) => ({ action: action(short), weight })).filter((w) => !reserved.has(w.action.key));
}

function reservedFor(label: string): Set<string> {
  return new Set((RESERVED[label] ?? []).map(actionKey));
}

/** Splits a pool into a sampled repertoire (share of it) and the rest as churn. */
function sampleRepertoire(
  rng: Rng,
  pool: pools.Pool,
  share: number,
  reserved: ReadonlySet<string>,
  extraChurn: pools.Pool = [],
): { repertoire: WeightedAction[]; churn: WeightedAction[] } {
  const all = weigh(pool, reserved);
  const picked = new Set(rng.sample(all, Math.max(3, Math.round(all.length * share))).map((w) => w.action.key));
  const repertoire = all
    .filter((w) => picked.has(w.action.key))
    .map((w) => ({ action: w.action, weight: w.weight * (0.5 + rng.float()) }));
  const churnPool = [...all.filter((w) => !picked.has(w.action.key)), ...weigh(extraChurn, reserved)];
  const seen = new Set<string>();
  const churn = churnPool.filter((w) => !picked.has(w.action.key) && !seen.has(w.action.key) && seen.add(w.action.key));
  return { repertoire, churn };
}

function role(seed: string, account: Account, name: string, path = ''): RoleRef {
  return { accountId: account.id, name, path, roleId: uniqueId(rngFor(seed, 'role-id', account.id, name), 'AROA') };
}

interface Base {
  id: string;
  kind: PrincipalKind;
  account: Account;
  startDay: number;
}

function make(
  base: Base,
  pool: pools.Pool,
  reserved: Set<string>,
  rng: Rng,
  share = 1,
  extraChurn: pools.Pool = [],
): Principal {
  const { repertoire, churn } =
    share >= 1
      ? { repertoire: weigh(pool, reserved), churn: weigh(extraChurn, reserved) }
      : sampleRepertoire(rng, pool, share, reserved, extraChurn);
  return { ...base, repertoire, churn, reserved };
}

const SSO_POOLS: Record<string, pools.Pool> = {
  AdministratorAccess: pools.ADMIN_POOL,
  ReadOnlyAccess: pools.READONLY_POOL,
  PowerUserAccess: pools.DEVELOPER_POOL,
  SecurityAudit: pools.SECURITY_POOL,
};

/** Builds every principal of an account. */
export function buildPrincipals(
  seed: string,
  org: Org,
  account: Account,
  res: AccountResources,
  workforce: Workforce,
  days: number,
): Principal[] {
  const out: Principal[] = [];
  const rng = rngFor(seed, 'principals', account.id);
  const workload = account.kind === AccountKind.Workload;
  const workloadIndex = org.accounts.filter((a) => a.kind === AccountKind.Workload).indexOf(account);

  for (const set of Object.keys(SSO_POOLS)) {
    const people = workforce.assignments
      .filter((a) => a.accountId === account.id && a.permissionSet === set)
      .map((a) => a.person);
    if (people.length === 0) continue;
    const name = `AWSReservedSSO_${set}_${account.ssoSuffix[set]}`;
    const p = make(
      {
        id: `${account.id}/sso/${set}`,
        kind: Kind.SsoRole,
        account,
        startDay: Math.min(...people.map((x) => x.startDay)),
      },
      SSO_POOLS[set] as pools.Pool,
      new Set(),
      rng.fork(set),
      0.7,
      pools.HUMAN_CHURN,
    );
    out.push({
      ...p,
      role: role(seed, account, name, `aws-reserved/sso.amazonaws.com/${org.idcRegion}/`),
      people,
      permissionSet: set,
    });
  }

  if (account.kind === AccountKind.Management) {
    out.push({
      ...make(
        { id: `${account.id}/identity-center`, kind: Kind.IdentityCenter, account, startDay: 0 },
        [],
        new Set(),
        rng,
      ),
      people: workforce.people,
    });
    const ops = make(
      { id: `${account.id}/ops-automation`, kind: Kind.OpsAutomation, account, startDay: 0 },
      pools.OPS_POOL,
      reservedFor('ops-automation'),
      rng,
    );
    out.push({
      ...ops,
      userName: 'ops-automation',
      userId: uniqueId(rngFor(seed, 'user-id', account.id, 'ops-automation'), 'AIDA'),
      accessKeyId: accessKeyId(rngFor(seed, 'akia', account.id, 'ops'), 'AKIA'),
      sourceIps: [org.offices[0]?.ips[0] ?? '81.2.69.160'],
      ua: UaFamily.Boto3,
    });
    const cost = make(
      { id: `${account.id}/lambda/cost-report-role`, kind: Kind.LambdaRole, account, startDay: 0 },
      pools.COST_POOL,
      new Set(),
      rng,
    );
    out.push({
      ...cost,
      role: role(seed, account, 'cost-report-role', 'service-role/'),
      functionName: 'cost-report',
      intervalMinutes: 24 * 60,
      ua: UaFamily.Boto3,
    });
  } else {
    const access = make(
      { id: `${account.id}/org-access`, kind: Kind.OrgAccessRole, account, startDay: 0 },
      pools.INVENTORY_POOL,
      reservedFor('OrganizationAccountAccessRole'),
      rng,
    );
    out.push({ ...access, role: role(seed, account, 'OrganizationAccountAccessRole'), ua: UaFamily.Boto3 });
  }

  if (account.kind !== AccountKind.Management) {
    const ci = make(
      { id: `${account.id}/ci/github-actions-deploy`, kind: Kind.CiRole, account, startDay: 0 },
      [...pools.TERRAFORM_READS, ...pools.TERRAFORM_WRITES],
      reservedFor('github-actions-deploy'),
      rng.fork('ci'),
      0.85,
    );
    out.push({ ...ci, role: role(seed, account, 'github-actions-deploy'), ua: UaFamily.Terraform });
  }

  if (workload) {
    for (const [i, name] of INSTANCE_ROLES.entries()) {
      if (i === 1 && !rng.chance(0.5)) continue;
      if (i === 2 && !rng.chance(0.35)) continue;
      const pool = i === 0 ? pools.APP_SERVER_POOL : i === 1 ? pools.BATCH_POOL : pools.BASTION_POOL;
      const p = make(
        { id: `${account.id}/instance/${name}`, kind: Kind.InstanceRole, account, startDay: 0 },
        pool,
        reservedFor(name),
        rng,
      );
      out.push({
        ...p,
        role: role(seed, account, name),
        instances: res.instances[name] ?? [],
        ua: i === 1 ? UaFamily.GoSdk : UaFamily.JsSdk,
        intervalMinutes: i === 0 ? 10 : i === 1 ? 4 : 60,
      });
    }
    for (const [roleName, fn] of Object.entries(LAMBDA_FUNCTIONS)) {
      if (fn === 'cost-report') continue;
      const pool = fn === 'orders-processor' ? pools.ORDERS_POOL : pools.JANITOR_POOL;
      const p = make(
        { id: `${account.id}/lambda/${roleName}`, kind: Kind.LambdaRole, account, startDay: 0 },
        pool,
        reservedFor(roleName),
        rng,
      );
      out.push({
        ...p,
        role: role(seed, account, roleName, 'service-role/'),
        functionName: fn,
        intervalMinutes: fn === 'orders-processor' ? 5 : 24 * 60,
        ua: fn === 'orders-processor' ? UaFamily.JsSdk : UaFamily.Boto3,
      });
    }
    if (workloadIndex === 0 && days >= 4) {
      const p = make(
        {
          id: `${account.id}/lambda/invoice-exporter-role`,
          kind: Kind.LambdaRole,
          account,
          startDay: Math.floor(days * 0.3),
        },
        pools.EXPORTER_POOL,
        new Set(),
        rng,
      );
      out.push({
        ...p,
        role: role(seed, account, 'invoice-exporter-role', 'service-role/'),
        functionName: 'invoice-exporter',
        intervalMinutes: 60,
        ua: UaFamily.Boto3,
      });
    }
    const subjectStart = learningSubjectStart(days);
    if (workloadIndex === 0 && subjectStart !== undefined) {
      const p = make(
        { id: `${account.id}/ci/data-pipeline-deploy`, kind: Kind.CiRole, account, startDay: subjectStart },
        [...pools.TERRAFORM_READS, ...pools.TERRAFORM_WRITES],
        new Set(),
        rng.fork('data-pipeline'),
        0.4,
      );
      out.push({ ...p, role: role(seed, account, 'data-pipeline-deploy'), ua: UaFamily.Terraform });
    }
    if (account.index % 3 === 2) {
      const human = make(
        { id: `${account.id}/iam/${IAM_HUMAN_USER}`, kind: Kind.IamHuman, account, startDay: 0 },
        pools.ADMIN_POOL,
        reservedFor(IAM_HUMAN_USER),
        rng.fork('iam-human'),
        0.5,
        pools.HUMAN_CHURN,
      );
      out.push({
        ...human,
        userName: IAM_HUMAN_USER,
        userId: uniqueId(rngFor(seed, 'user-id', account.id, IAM_HUMAN_USER), 'AIDA'),
        accessKeyId: accessKeyId(rngFor(seed, 'akia', account.id, IAM_HUMAN_USER), 'AKIA'),
        sourceIps: org.offices[0]?.ips ?? ['81.2.69.160'],
        ua: UaFamily.Cli,
      });
    }
    if (account.index % 2 === 0) {
      const backup = make(
        { id: `${account.id}/iam/svc-backup`, kind: Kind.IamAutomation, account, startDay: 0 },
        pools.BACKUP_USER_POOL,
        new Set(),
        rng,
      );
      out.push({
        ...backup,
        userName: 'svc-backup',
        userId: uniqueId(rngFor(seed, 'user-id', account.id, 'svc-backup'), 'AIDA'),
        accessKeyId: accessKeyId(rngFor(seed, 'akia', account.id, 'svc-backup'), 'AKIA'),
        sourceIps: [org.offices[0]?.ips[1] ?? '81.2.69.161'],
        ua: UaFamily.LegacyCli,
      });
    }
  }

  const slrs: Array<[string, string, pools.Pool, number]> = [
    ['AWSServiceRoleForConfig', 'config.amazonaws.com', pools.CONFIG_SLR_POOL, 6 * 60],
    ['AWSServiceRoleForTrustedAdvisor', 'trustedadvisor.amazonaws.com', pools.TRUSTED_ADVISOR_POOL, 24 * 60],
  ];
  for (const [name, service, pool, interval] of slrs) {
    const p = make(
      { id: `${account.id}/slr/${name}`, kind: Kind.ServiceLinkedRole, account, startDay: 0 },
      pool,
      new Set(),
      rng,
    );
    out.push({
      ...p,
      role: role(seed, account, name, `aws-service-role/${service}/`),
      service,
      intervalMinutes: interval,
    });
  }
  return out;
}
