/**
 * The static model of a generated organization (accounts, people, resources, principals) and a
 * cheap count of its routine events, used to size `--events` runs.
 * @module
 */
import { principalDay } from './behaviour.js';
import type { Draft, Principal } from './model.js';
import type { GenerateOptions } from './options.js';
import { buildOrg, type Org } from './org.js';
import { buildWorkforce, type Workforce } from './people.js';
import { buildPrincipals } from './principals.js';
import { type AccountResources, buildResources } from './resources.js';
import { DAY, parseDay } from './time.js';

/** The static model of an organization: accounts, people, resources, principals and injections. */
export interface OrgModel {
  org: Org;
  workforce: Workforce;
  resources: Map<string, AccountResources>;
  principals: (accountId: string) => Principal[];
}

/** Builds the organization model for options (no I/O). */
export function buildModel(options: GenerateOptions): OrgModel {
  const org = buildOrg(options.seed, options.orgId, options.accounts);
  const workforce = buildWorkforce(options.seed, org, options.days);
  const resources = new Map(org.accounts.map((a) => [a.id, buildResources(options.seed, a)]));
  const principals = (accountId: string): Principal[] => {
    const account = org.accounts.find((a) => a.id === accountId);
    if (account === undefined) throw new Error(`unknown account ${accountId}`);
    return buildPrincipals(
      options.seed,
      org,
      account,
      resources.get(accountId) as AccountResources,
      workforce,
      options.days,
    );
  };
  return { org, workforce, resources, principals };
}

/** Days to count when sampling `samples` days of a period: evenly spread, on every day of the week. */
function sampleDays(days: number, samples: number): number[] {
  if (samples >= days) return Array.from({ length: days }, (_, d) => d);
  let stride = Math.max(1, Math.floor(days / samples));
  if (stride % 7 === 0) stride++;
  return Array.from({ length: samples }, (_, k) => (k * stride) % days);
}

/** Runs the routine behaviours without building records: the number of routine events (sampling `samples` days, scaled to the period). */
export function countRoutineEvents(options: GenerateOptions, samples = options.days): number {
  const model = buildModel(options);
  const start = parseDay(options.start) as number;
  const days = sampleDays(options.days, samples);
  let count = 0;
  const emit = (_: Draft): void => {
    count++;
  };
  for (const account of model.org.accounts) {
    const principals = model.principals(account.id);
    const res = model.resources.get(account.id) as AccountResources;
    for (const day of days) {
      const ctx = {
        seed: options.seed,
        org: model.org,
        account,
        res,
        day,
        dayStart: start + day * DAY,
        days: options.days,
        activity: options.activity,
      };
      for (const p of principals) principalDay(p, ctx, emit);
    }
  }
  return Math.round((count * options.days) / days.length);
}
