/**
 * The resources each account holds (buckets, keys, secrets, functions, instances ...), so that
 * request parameters name things that exist and stay stable across the period.
 * @module
 */
import type { Account } from './org.js';
import { rngFor } from './prng.js';

/** Named resources of one account. */
export interface AccountResources {
  buckets: string[];
  kmsKeyIds: string[];
  secrets: string[];
  parameters: string[];
  logGroups: string[];
  functions: string[];
  /** Instance ids per instance role name. */
  instances: Record<string, string[]>;
  dbInstances: string[];
  securityGroups: string[];
  networkAcls: string[];
  subnets: string[];
  snapshots: string[];
  images: string[];
  trailName: string;
  detectorId: string;
  flowLogIds: string[];
  iamUsers: string[];
  roles: string[];
}

/** Instance role names used in workload accounts (also the instance profile names). */
export const INSTANCE_ROLES = ['app-server-role', 'batch-worker-role', 'bastion-role'];
/** Lambda execution roles and their function names. */
export const LAMBDA_FUNCTIONS: Record<string, string> = {
  'orders-processor-role': 'orders-processor',
  'snapshot-janitor-role': 'snapshot-janitor',
  'cost-report-role': 'cost-report',
};

/** Builds the stable resource names of an account. */
export function buildResources(seed: string, account: Account): AccountResources {
  const rng = rngFor(seed, 'resources', account.id);
  const base = account.name;
  const instances: Record<string, string[]> = {};
  for (const role of INSTANCE_ROLES) {
    instances[role] = Array.from({ length: rng.int(1, 3) }, () => `i-0${rng.hex(16)}`);
  }
  return {
    buckets: [
      `${base}-artifacts-${account.id}`,
      `${base}-app-data-${account.id}`,
      `${base}-logs-${account.id}`,
      `${base}-backups-${account.id}`,
    ],
    kmsKeyIds: [rng.uuid(), rng.uuid(), rng.uuid()],
    secrets: [`${base}/db/master`, `${base}/api/stripe`, `${base}/app/jwt-signing`].map((s) => `${s}-${rng.alnum(6)}`),
    parameters: ['/app/db/host', '/app/db/port', '/app/feature-flags', '/app/queue-url', '/platform/vpc-id'],
    logGroups: [
      '/aws/lambda/orders-processor',
      '/aws/lambda/snapshot-janitor',
      '/ecs/web',
      `/app/${base}`,
      '/aws/vpc/flow-logs',
    ],
    functions: Object.values(LAMBDA_FUNCTIONS),
    instances,
    dbInstances: [`${base}-db`, `${base}-reporting-db`],
    securityGroups: Array.from({ length: 4 }, () => `sg-0${rng.hex(16)}`),
    networkAcls: [`acl-0${rng.hex(16)}`, `acl-0${rng.hex(16)}`],
    subnets: Array.from({ length: 3 }, () => `subnet-0${rng.hex(16)}`),
    snapshots: Array.from({ length: 3 }, () => `snap-0${rng.hex(16)}`),
    images: [`ami-0${rng.hex(16)}`, `ami-0${rng.hex(16)}`],
    trailName: `${base}-management-events`,
    detectorId: rng.hex(32),
    flowLogIds: [`fl-0${rng.hex(16)}`, `fl-0${rng.hex(16)}`],
    iamUsers: ['svc-backup', 'svc-reporting', 'legacy-ftp'],
    roles: ['app-server-role', 'orders-processor-role', 'github-actions-deploy', 'DataScienceRole'],
  };
}
