/**
 * The synthetic organization: accounts, their regions and networks, offices, and the Identity
 * Center set-up. Everything here is derived from the seed alone.
 * @module
 */
import { type Rng, rngFor } from './prng.js';

/** What an account is for; it decides which principals live there. */
export const AccountKind = { Management: 'management', Security: 'security', Workload: 'workload' } as const;
export type AccountKind = (typeof AccountKind)[keyof typeof AccountKind];

/** One member account. */
export interface Account {
  index: number;
  id: string;
  name: string;
  kind: AccountKind;
  /** Region where the workloads run (files exist for it and for us-east-1, where global services log). */
  homeRegion: string;
  /** Every region the account logs in, home first; always includes us-east-1. */
  regions: string[];
  /** NAT gateway Elastic IPs per region (what workloads appear as). */
  natIps: Record<string, string[]>;
  /** First two octets of the VPC (10.x.0.0/16). */
  vpcPrefix: string;
  /** Random suffix of this account's AWSReservedSSO role names, per permission set. */
  ssoSuffix: Record<string, string>;
  /** `AWSSSO_<hex>_DO_NOT_DELETE`: the SAML provider Identity Center creates in each account. */
  samlProvider: string;
}

/** An office or home network that humans connect from. */
export interface Office {
  name: string;
  /** Hours to add to UTC to get local time. */
  utcOffset: number;
  ips: string[];
}

/** The whole organization. */
export interface Org {
  id: string;
  accounts: Account[];
  offices: Office[];
  /** Identity Center home region and ids. */
  idcRegion: string;
  identityStoreId: string;
  /** The SAML name qualifier Identity Center uses in AssumeRoleWithSAML. */
  samlNameQualifier: string;
  /** Email domain of the humans. */
  domain: string;
}

const HOME_REGIONS = ['eu-west-1', 'us-east-1', 'eu-central-1', 'us-west-2', 'eu-west-1', 'us-east-2'];
const EXTRA_REGIONS = ['eu-west-2', 'us-west-2', 'ap-southeast-2', 'eu-north-1'];
/** Plausible first octets of AWS Elastic IPs per region (for realism only). */
const EIP_PREFIXES: Record<string, string[]> = {
  'us-east-1': ['3.211', '3.225', '44.196', '52.5', '54.80', '18.208'],
  'us-east-2': ['3.128', '18.118', '3.139'],
  'us-west-2': ['35.161', '44.226', '52.24', '54.186'],
  'eu-west-1': ['34.240', '52.17', '54.72', '63.33', '3.248'],
  'eu-west-2': ['18.130', '35.176', '3.9'],
  'eu-central-1': ['3.64', '18.184', '52.28', '35.157'],
  'eu-north-1': ['13.48', '16.16'],
  'ap-southeast-2': ['3.24', '13.54', '52.62'],
};
const WORKLOAD_NAMES = [
  'prod-payments',
  'dev-payments',
  'prod-web',
  'staging-web',
  'data-platform',
  'dev-sandbox',
  'prod-api',
  'shared-services',
];

/** A public IPv4 address inside one of the given /16 prefixes. */
export function ipIn(rng: Rng, prefixes: readonly string[]): string {
  return `${rng.pick(prefixes)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

function accountIds(seed: string, count: number): string[] {
  const rng = rngFor(seed, 'account-ids');
  const ids = new Set<string>();
  while (ids.size < count)
    ids.add(String(rng.int(100_000_000, 999_999_999) * 1000 + rng.int(0, 999)).padStart(12, '1'));
  return [...ids];
}

function buildAccount(seed: string, index: number, id: string): Account {
  const rng = rngFor(seed, 'account', id);
  const kind = index === 0 ? AccountKind.Management : index === 1 ? AccountKind.Security : AccountKind.Workload;
  const name =
    kind === AccountKind.Management
      ? 'management'
      : kind === AccountKind.Security
        ? 'security-tooling'
        : `${WORKLOAD_NAMES[(index - 2) % WORKLOAD_NAMES.length]}${index >= 2 + WORKLOAD_NAMES.length ? `-${index}` : ''}`;
  const homeRegion = kind === AccountKind.Management ? 'us-east-1' : rng.pick(HOME_REGIONS);
  const regions = [homeRegion];
  if (kind === AccountKind.Workload && rng.chance(0.4)) {
    const extra = rng.pick(EXTRA_REGIONS);
    if (!regions.includes(extra)) regions.push(extra);
  }
  if (!regions.includes('us-east-1')) regions.push('us-east-1');
  const natIps: Record<string, string[]> = {};
  for (const region of regions) {
    const prefixes = EIP_PREFIXES[region] ?? ['52.95'];
    natIps[region] = [ipIn(rng, prefixes), ipIn(rng, prefixes)];
  }
  const ssoSuffix: Record<string, string> = {};
  for (const set of ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'SecurityAudit'])
    ssoSuffix[set] = rng.hex(16);
  return {
    index,
    id,
    name,
    kind,
    homeRegion,
    regions,
    natIps,
    vpcPrefix: `10.${rng.int(0, 250)}`,
    ssoSuffix,
    samlProvider: `AWSSSO_${rng.hex(16)}_DO_NOT_DELETE`,
  };
}

/** Builds the organization for a seed, an organization id and a number of accounts. */
export function buildOrg(seed: string, orgId: string, accountCount: number): Org {
  const rng = rngFor(seed, 'org');
  const ids = accountIds(seed, accountCount);
  const accounts = ids.map((id, index) => buildAccount(seed, index, id));
  const offices: Office[] = [
    { name: 'hq', utcOffset: 1, ips: [ipIn(rng, ['81.2', '62.210']), ipIn(rng, ['81.2', '62.210'])] },
    { name: 'us-office', utcOffset: -5, ips: [ipIn(rng, ['98.42', '73.158'])] },
    {
      name: 'remote',
      utcOffset: 0,
      ips: [ipIn(rng, ['86.14', '92.40']), ipIn(rng, ['109.150', '2.24']), ipIn(rng, ['77.99'])],
    },
  ];
  return {
    id: orgId,
    accounts,
    offices,
    idcRegion: 'us-east-1',
    identityStoreId: `d-${rng.hex(10)}`,
    samlNameQualifier: `${rng.alnum(27)}=`,
    domain: 'example.com',
  };
}
