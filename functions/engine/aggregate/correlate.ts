/**
 * Cross-account correlation: findings that share an actor key within the window, across at least
 * `minAccounts` accounts (counting accounts remembered from earlier invocations), form one incident.
 * @module
 */
import { fingerprint, type Finding } from '../findings/index.js';
import { ACTOR_STRENGTH, type ActorKey } from './actors.js';
import type { ActorSighting, ActorRecord } from './state.js';

/** One incident found in a batch. */
export interface Incident {
  id: string;
  /** Indexes into the findings given to {@link correlate}. */
  members: number[];
  /** Every account involved, including those known only from earlier invocations, sorted. */
  accounts: string[];
  /** The keys that tie accounts together, strongest first. */
  links: ActorKey[];
  /** Strength of the strongest link (1 = access key or external principal). */
  strength: number;
  /** Sightings from earlier invocations, by account (their alerts were already sent). */
  prior: ActorSighting[];
  /** Whether the incident existed before this batch (this alert updates it). */
  existing: boolean;
  /** The Identity Center user every finding belongs to, when there is exactly one (a known person). */
  user: string | null;
}

/** Correlation settings. */
export interface CorrelateOptions {
  windowMs: number;
  minAccounts: number;
}

function ms(iso: string): number {
  return Date.parse(iso);
}

/** How much a key says "same actor". */
export function strengthOf(key: ActorKey): number {
  return key.strength ?? ACTOR_STRENGTH[key.kind];
}

/** Who a finding's caller is, when that can be told: a session name, or a principal that is a person itself. */
function identityOf(f: Finding, keys: readonly ActorKey[]): string | null {
  const session = keys.find((k) => k.kind === 'session-name');
  if (session) return `session:${session.value}`;
  const t = f.principal.type;
  return t === 'IAMUser' || t === 'Root' || t === 'FederatedUser' || t === 'SAMLUser' || t === 'IdentityCenterUser'
    ? `principal:${f.principal.key}`
    : null;
}

/**
 * An address behind which several people work (an office or VPN egress): its findings come from two
 * or more identifiable callers (distinct session names or users). It says nothing about who acted, so
 * it ties no accounts together.
 */
function sharedEgress(
  members: readonly number[],
  findings: readonly Finding[],
  keysOf: readonly ActorKey[][],
): boolean {
  const who = new Set<string>();
  for (const m of members) {
    const id = identityOf(findings[m]!, keysOf[m] ?? []);
    if (id !== null) who.add(id);
    if (who.size >= 2) return true;
  }
  return false;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r] ?? r;
    let c = i;
    while (this.parent[c] !== r) {
      const next = this.parent[c] ?? r;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

interface Cluster {
  key: ActorKey;
  members: number[];
  from: number;
  to: number;
  prior: ActorSighting[];
  accounts: Set<string>;
}

/**
 * Splits the findings carrying one key into time clusters, each spanning at most the window from its
 * first finding: a person active every day never chains two weeks of findings into one incident.
 */
function clustersOf(key: ActorKey, members: number[], findings: readonly Finding[], windowMs: number): Cluster[] {
  const sorted = [...members].sort((a, b) => ms(findings[a]!.firstEventTime) - ms(findings[b]!.firstEventTime));
  const out: Cluster[] = [];
  let current: Cluster | undefined;
  for (const i of sorted) {
    const f = findings[i]!;
    const from = ms(f.firstEventTime);
    const to = ms(f.lastEventTime);
    if (current && from - current.from <= windowMs) {
      current.members.push(i);
      current.to = Math.max(current.to, to);
      current.accounts.add(f.accountId);
    } else {
      current = { key, members: [i], from, to, prior: [], accounts: new Set([f.accountId]) };
      out.push(current);
    }
  }
  return out;
}

/**
 * Finds incidents among `findings` (each with its actor keys), given what the state remembers of those keys.
 * Links made only by the weak principal-name key need one account more than `minAccounts`.
 */
export function correlate(
  findings: readonly Finding[],
  keysOf: readonly ActorKey[][],
  remembered: ReadonlyMap<string, ActorRecord>,
  options: CorrelateOptions,
): Incident[] {
  const byKey = new Map<string, { key: ActorKey; members: number[] }>();
  keysOf.forEach((keys, i) => {
    for (const key of keys) {
      const entry = byKey.get(key.key) ?? { key, members: [] };
      entry.members.push(i);
      byKey.set(key.key, entry);
    }
  });
  const uf = new UnionFind(findings.length);
  const linking: Cluster[] = [];
  const link = (key: ActorKey, members: number[]): void => {
    for (const cluster of clustersOf(key, members, findings, options.windowMs)) {
      for (const m of cluster.members.slice(1)) uf.union(cluster.members[0]!, m);
      for (const s of remembered.get(key.key)?.sightings ?? []) {
        const t = ms(s.eventTime);
        if (t >= cluster.from - options.windowMs && t <= cluster.to + options.windowMs) {
          cluster.prior.push(s);
          cluster.accounts.add(s.account);
        }
      }
      if (cluster.accounts.size >= 2) linking.push(cluster);
    }
  };
  const weak = [...byKey.values()].filter((e) => e.key.kind === 'principal-pattern');
  for (const entry of byKey.values()) {
    if (
      entry.key.kind === 'principal-pattern' ||
      (entry.key.kind === 'source-ip' && sharedEgress(entry.members, findings, keysOf))
    )
      continue;
    link(entry.key, entry.members);
  }
  // The weak key (the same role name in several accounts) is a fallback: it links only findings that
  // nothing better identifies (no public source IP, no specific session name) and that are not already
  // part of a cross-account component, so it never merges actors the other keys tell apart.
  const crossAccount = new Set(linking.map((c) => uf.find(c.members[0]!)));
  const identified = (m: number): boolean =>
    (keysOf[m] ?? []).some((k) => k.kind === 'source-ip' || k.kind === 'session-name');
  for (const entry of weak)
    link(
      entry.key,
      entry.members.filter((m) => !crossAccount.has(uf.find(m)) && !identified(m)),
    );

  const components = new Map<number, Cluster[]>();
  for (const cluster of linking) {
    const root = uf.find(cluster.members[0]!);
    const list = components.get(root);
    if (list) list.push(cluster);
    else components.set(root, [cluster]);
  }

  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < findings.length; i++) {
    const root = uf.find(i);
    if (!components.has(root)) continue;
    const list = membersOf.get(root);
    if (list) list.push(i);
    else membersOf.set(root, [i]);
  }
  const incidents: Incident[] = [];
  for (const [root, clusters] of components) {
    const all = membersOf.get(root) ?? [];
    // One Identity Center user across their accounts is a known person at work, whatever else ties the
    // findings (their own address): the incident gathers their new behaviour, weighed as that user, and
    // each rule match of theirs keeps its own alert (an admin's distinct risky changes stay visible).
    const users = new Set(
      all.map(
        (m) => (keysOf[m] ?? []).find((k) => k.kind === 'session-name' && k.strength !== undefined)?.value ?? null,
      ),
    );
    const oneUser = users.size === 1 && !users.has(null);
    const members = oneUser ? all.filter((i) => findings[i]!.kind !== 'rule') : all;
    if (members.length === 0) continue;
    const accounts = new Set(members.map((i) => findings[i]!.accountId));
    const prior = new Map<string, ActorSighting>();
    for (const c of clusters)
      for (const s of c.prior)
        if (!accounts.has(s.account) || s.incidentId !== null) prior.set(`${s.account}|${s.alertId}`, s);
    for (const s of prior.values()) accounts.add(s.account);
    const links = [...new Map(clusters.map((c) => [c.key.key, c.key])).values()].sort(
      (a, b) => strengthOf(b) - strengthOf(a) || a.key.localeCompare(b.key),
    );
    const strength = oneUser
      ? Math.min(...links.filter((l) => l.kind === 'session-name').map(strengthOf), strengthOf(links[0]!))
      : strengthOf(links[0]!);
    const onlyWeak = links.every((l) => l.kind === 'principal-pattern');
    if (accounts.size < options.minAccounts + (onlyWeak ? 1 : 0)) continue;
    const existingIds = [...prior.values()]
      .map((s) => s.incidentId)
      .filter((x): x is string => x !== null)
      .sort();
    const earliest = [
      ...members.map((i) => findings[i]!.firstEventTime),
      ...[...prior.values()].map((s) => s.eventTime),
    ].sort()[0]!;
    incidents.push({
      id: existingIds[0] ?? fingerprint('incident', links[0]!.key, earliest),
      members,
      accounts: [...accounts].sort(),
      links,
      strength,
      prior: [...prior.values()].sort(
        (a, b) => a.account.localeCompare(b.account) || a.eventTime.localeCompare(b.eventTime),
      ),
      existing: existingIds.length > 0,
      user: oneUser ? [...users][0]! : null,
    });
  }
  return incidents;
}
