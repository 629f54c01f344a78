/**
 * The toolkit injections are written with: pick days after (or inside) a principal's learning
 * period, borrow sessions of real principals, turn drafts into records with fixed event ids, and
 * record the ground truth with the principal key the engine will compute.
 * @module
 */
import { type CloudTrailRecord, actionOf, principalOf } from '../../engine/cloudtrail/index.js';
import type { GenerateOptions } from '../options.js';
import type { DayContext } from '../behaviour-kit.js';
import { accessKeyId, assumedRole } from '../identity.js';
import type { Draft, Principal, Session } from '../model.js';
import type { Account, Org } from '../org.js';
import type { Workforce } from '../people.js';
import { type Rng, rngFor } from '../prng.js';
import { buildRecord } from '../record.js';
import type { AccountResources } from '../resources.js';
import type { TruthEntry, TruthType } from '../ground-truth.js';
import { DAY, HOUR, isoSeconds, parseDay } from '../time.js';
import { UaFamily } from '../user-agents.js';

/** An injected record and how it is delivered. */
export interface PlannedRecord {
  accountId: string;
  day: number;
  time: number;
  region: string;
  record: CloudTrailRecord;
  /** Delivered this much later than usual (a late delivery). */
  lateMs?: number;
  /** Delivered a second time, this long after the first delivery. */
  duplicateAfterMs?: number;
}

/** What injections may read. */
export interface InjectionContext {
  seed: string;
  org: Org;
  options: GenerateOptions;
  workforce: Workforce;
  resources: ReadonlyMap<string, AccountResources>;
  principals: ReadonlyMap<string, Principal[]>;
}

/** Options of one ground-truth entry. */
export interface AddOptions {
  ruleId?: string;
  description: string;
  /** Day the acting principal started (its learning start); 'new' when its first event is an injection. */
  startDay?: number | 'new';
  accounts?: string[];
  lateMs?: number;
  duplicateAfterMs?: number;
}

interface Pending {
  entry: Omit<TruthEntry, 'id' | 'duringLearning'>;
  startDay: number | 'new';
  day: number;
}

/** Collects injected records and their ground truth. */
export class InjectionKit {
  readonly records: PlannedRecord[] = [];
  private readonly pending: Pending[] = [];
  private readonly start: number;
  readonly rng: Rng;

  constructor(readonly ctx: InjectionContext) {
    this.start = parseDay(ctx.options.start) as number;
    this.rng = rngFor(ctx.seed, 'injections');
  }

  get days(): number {
    return this.ctx.options.days;
  }

  get learningDays(): number {
    return this.ctx.options.learningDays;
  }

  /** Midnight UTC of a day index. */
  dayStart(day: number): number {
    return this.start + day * DAY;
  }

  /** A time on a day: `hour` may carry fractions. */
  at(day: number, hour: number): number {
    return this.dayStart(day) + Math.floor(hour * HOUR);
  }

  /** A day safely after the learning period of a principal that started on `startDay` (clamped to the period). */
  afterLearning(startDay: number, offset = 0): number {
    const first = startDay + this.learningDays + 1;
    const span = Math.max(1, this.days - first);
    return Math.min(this.days - 1, first + (offset % span));
  }

  /** Whether a day is inside the learning period of a principal that started on `startDay`. */
  inLearning(startDay: number, day: number): boolean {
    return this.learningDays > 0 && day < startDay + this.learningDays;
  }

  /** The accounts of the organization. */
  get accounts(): Account[] {
    return this.ctx.org.accounts;
  }

  res(account: Account): AccountResources {
    return this.ctx.resources.get(account.id) as AccountResources;
  }

  /** A routine principal of an account by id suffix (e.g. `ci/github-actions-deploy`). */
  principal(account: Account, suffix: string): Principal | undefined {
    return this.ctx.principals.get(account.id)?.find((p) => p.id === `${account.id}/${suffix}`);
  }

  /** A session of the account's AdministratorAccess SSO role, used by one of its admins (`who` picks which). */
  adminSession(account: Account, time: number, over: Partial<Session> = {}, who = 0): Session {
    const p = this.principal(account, 'sso/AdministratorAccess') as Principal;
    const people = p.people ?? [];
    const person = people[who % Math.max(1, people.length)];
    const email = person?.email ?? `admin@${this.ctx.org.domain}`;
    const identity = assumedRole({
      role: p.role!,
      sessionName: email,
      accessKeyId: accessKeyId(this.rng, 'ASIA'),
      creationDate: isoSeconds(time - 120_000),
    });
    const ip = person?.ips[Math.floor(who / Math.max(1, people.length)) % 2] ?? '81.2.69.10';
    return { identity, sourceIp: ip, ua: UaFamily.Cli, uaVariant: person?.variant ?? 0, console: false, ...over };
  }

  /** A day context for borrowing routine behaviours (CI runs) inside an injection. */
  dayContext(account: Account, day: number): DayContext {
    return {
      seed: this.ctx.seed,
      org: this.ctx.org,
      account,
      res: this.res(account),
      day,
      dayStart: this.dayStart(day),
      days: this.days,
      activity: this.ctx.options.activity,
    };
  }

  /** Builds records for drafts (each with a fresh event id) and remembers them for delivery. */
  build(drafts: Draft[], opts: Pick<AddOptions, 'lateMs' | 'duplicateAfterMs'> = {}): CloudTrailRecord[] {
    return drafts.map((draft) => {
      const record = buildRecord(
        { ...draft, eventId: draft.eventId ?? this.rng.uuid() },
        this.rng,
        this.res(draft.account),
      );
      const day = Math.floor((draft.time - this.start) / DAY);
      this.records.push({ accountId: draft.account.id, day, time: draft.time, region: draft.region, record, ...opts });
      return record;
    });
  }

  /** Records a ground-truth entry for records already built. */
  truth(type: TruthType, records: readonly CloudTrailRecord[], opts: AddOptions): void {
    const first = records[0] as CloudTrailRecord;
    const principal = principalOf(first);
    this.pending.push({
      entry: {
        type,
        accountId: first.recipientAccountId ?? '',
        principalKey: principal.key,
        principalArn: principal.arn,
        action: actionOf(first),
        ...(opts.ruleId !== undefined ? { ruleId: opts.ruleId } : {}),
        eventIds: records.map((r) => r.eventID as string),
        eventTime: first.eventTime as string,
        ...(opts.accounts !== undefined ? { accounts: opts.accounts } : {}),
        description: opts.description,
      },
      startDay: opts.startDay ?? 0,
      day: Math.floor((Date.parse(first.eventTime as string) - this.start) / DAY),
    });
  }

  /** Builds drafts and records one ground-truth entry for them. */
  add(type: TruthType, drafts: Draft[], opts: AddOptions): CloudTrailRecord[] {
    const records = this.build(drafts, opts);
    this.truth(type, records, opts);
    return records;
  }

  /** The ground truth, with learning flags resolved ('new' principals start at their first injected event). */
  entries(): Omit<TruthEntry, 'id'>[] {
    const firstDay = new Map<string, number>();
    for (const p of this.pending) {
      if (p.startDay !== 'new') continue;
      const key = `${p.entry.accountId}|${p.entry.principalKey}`;
      firstDay.set(key, Math.min(firstDay.get(key) ?? p.day, p.day));
    }
    return this.pending.map((p) => {
      const start =
        p.startDay === 'new' ? (firstDay.get(`${p.entry.accountId}|${p.entry.principalKey}`) as number) : p.startDay;
      return { ...p.entry, duringLearning: this.inLearning(start, p.day) };
    });
  }
}
