/**
 * The humans of the organization and their Identity Center assignments: platform admins across
 * all accounts, developers in a few workload accounts, security analysts everywhere, one joiner.
 * @module
 */
import { AccountKind, type Account, type Org, ipIn } from './org.js';
import type { Person } from './model.js';
import { rngFor } from './prng.js';

const FIRST = [
  'alice',
  'bob',
  'carol',
  'dan',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'uma',
  'victor',
  'wendy',
];
const LAST = [
  'martin',
  'garcia',
  'smith',
  'nguyen',
  'muller',
  'rossi',
  'kowalski',
  'dubois',
  'silva',
  'jensen',
  'tanaka',
  'okafor',
];

/** A permission-set assignment: which people use which permission set in an account. */
export interface Assignment {
  person: Person;
  permissionSet: string;
  accountId: string;
}

/** People and their assignments. */
export interface Workforce {
  people: Person[];
  assignments: Assignment[];
}

function makePerson(seed: string, org: Org, index: number, team: Person['team'], startDay: number): Person {
  const rng = rngFor(seed, 'person', index);
  const office = org.offices[index % org.offices.length] ?? org.offices[0];
  const first = FIRST[index % FIRST.length] as string;
  const last = LAST[(index * 7) % LAST.length] as string;
  const ownIp =
    office?.name === 'remote'
      ? ipIn(rng, ['86.14', '92.40', '2.24', '77.99', '109.150'])
      : rng.pick(office?.ips ?? ['81.2.69.1']);
  return {
    email: `${first}.${last}${index >= FIRST.length ? index : ''}@${org.domain}`,
    userId: rng.uuid(),
    officeOffset: office?.utcOffset ?? 0,
    ips: [ownIp, ipIn(rng, ['86.14', '92.40', '2.24', '77.99', '109.150'])],
    variant: rng.int(0, 7),
    consoleShare: team === 'developer' ? 0.3 : team === 'security' ? 0.7 : 0.45,
    activeRate: 0,
    startDay,
    team,
  };
}

/** Builds people and assignments for an organization over `days` days. */
export function buildWorkforce(seed: string, org: Org, days: number): Workforce {
  const people: Person[] = [];
  const assignments: Assignment[] = [];
  const n = org.accounts.length;
  const workloads = org.accounts.filter((a) => a.kind === AccountKind.Workload);
  const assign = (person: Person, set: string, account: Account): void => {
    assignments.push({ person, permissionSet: set, accountId: account.id });
  };
  for (let i = 0; i < 3; i++) {
    const p = makePerson(seed, org, people.length, 'platform', 0);
    p.activeRate = Math.min(0.7, 4 / n);
    people.push(p);
    for (const account of org.accounts) assign(p, 'AdministratorAccess', account);
  }
  for (let i = 0; i < 2; i++) {
    const p = makePerson(seed, org, people.length, 'security', 0);
    p.activeRate = Math.min(0.5, 3 / n);
    people.push(p);
    for (const account of org.accounts)
      assign(p, account.kind === AccountKind.Security ? 'AdministratorAccess' : 'SecurityAudit', account);
  }
  const developerCount = Math.min(300, Math.max(2, Math.round(workloads.length * 1.5)));
  for (let i = 0; i < developerCount && workloads.length > 0; i++) {
    const p = makePerson(seed, org, people.length, 'developer', 0);
    p.activeRate = 0.75;
    people.push(p);
    const home = workloads[i % workloads.length] as Account;
    assign(p, 'PowerUserAccess', home);
    const other = workloads[(i + 1) % workloads.length] as Account;
    if (other !== home) assign(p, 'ReadOnlyAccess', other);
  }
  if (workloads.length > 0 && days >= 6) {
    const joiner = makePerson(seed, org, people.length, 'developer', Math.floor(days * 0.4));
    joiner.activeRate = 0.8;
    people.push(joiner);
    assign(joiner, 'ReadOnlyAccess', workloads[0] as Account);
    assign(joiner, 'PowerUserAccess', workloads[0] as Account);
  }
  return { people, assignments };
}
