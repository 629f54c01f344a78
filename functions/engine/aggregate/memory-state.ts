/**
 * An in-memory {@link AggregatorState}: the tests' state and the base of the local JSON-file adapter
 * (which loads and saves its {@link MemoryStateSnapshot}).
 * @module
 */
import type { PrevalenceObservation } from './types.js';
import {
  agentKeyOf,
  ClaimStatus,
  nextHeartbeatRecord,
  type ActorRecord,
  type AggregatorState,
  type AlertRecord,
  type HeartbeatRecord,
  type PrevalenceView,
  type StateCommit,
} from './state.js';

interface SeenEntry {
  alertId: string | null;
  /** Set while claimed and not yet alerted on. */
  claimOwner?: string;
  claimUntil?: string;
  expiresAt: string;
}

interface PrevalenceEntry {
  accounts: Record<string, string>;
  principals: string[];
  expiresAt: string;
}

/** The whole state as plain JSON. */
export interface MemoryStateSnapshot {
  version: 1;
  seen: Record<string, SeenEntry>;
  actors: Record<string, { sightings: ActorRecord['sightings']; expiresAt: string }>;
  alerts: Record<string, AlertRecord & { expiresAt: string }>;
  prevalence: Record<string, PrevalenceEntry>;
  accounts: Record<string, string>;
  heartbeats: Record<string, HeartbeatRecord & { expiresAt: string }>;
}

/** An empty snapshot. */
export function emptySnapshot(): MemoryStateSnapshot {
  return { version: 1, seen: {}, actors: {}, alerts: {}, prevalence: {}, accounts: {}, heartbeats: {} };
}

/** A memory state with access to its snapshot (for persistence) and a pruning step. */
export interface MemoryAggregatorState extends AggregatorState {
  snapshot(): MemoryStateSnapshot;
  /** Drops every record that expired before `now`. */
  prune(now: string): void;
}

const PRINCIPAL_CAP = 5000;

/** Creates a memory state, optionally from a snapshot. */
export function createMemoryAggregatorState(initial?: MemoryStateSnapshot): MemoryAggregatorState {
  const s: MemoryStateSnapshot = initial ?? emptySnapshot();
  const live = (expiresAt: string, now: string): boolean => expiresAt > now;

  return {
    snapshot: () => s,
    prune(now) {
      for (const table of [s.seen, s.actors, s.alerts, s.prevalence, s.heartbeats] as Array<
        Record<string, { expiresAt: string }>
      >) {
        for (const [k, v] of Object.entries(table)) if (!live(v.expiresAt, now)) delete table[k];
      }
    },
    async claimFindings(ids, owner, now, leaseUntil) {
      const out = new Map<string, ClaimStatus>();
      for (const id of ids) {
        const entry = s.seen[id];
        const free =
          entry === undefined ||
          !live(entry.expiresAt, now) ||
          (entry.claimUntil !== undefined && (entry.claimUntil <= now || entry.claimOwner === owner));
        if (free) {
          s.seen[id] = { alertId: null, claimOwner: owner, claimUntil: leaseUntil, expiresAt: leaseUntil };
          out.set(id, ClaimStatus.Claimed);
        } else out.set(id, entry?.claimUntil !== undefined ? ClaimStatus.Busy : ClaimStatus.Seen);
      }
      return out;
    },
    async getActors(keys) {
      const out = new Map<string, ActorRecord>();
      for (const key of keys) {
        const rec = s.actors[key];
        if (rec)
          out.set(key, {
            key,
            sightings: rec.sightings.map((x) => ({ ...x })).sort((a, b) => a.account.localeCompare(b.account)),
          });
      }
      return out;
    },
    async getAlerts(ids, now) {
      const out = new Map<string, AlertRecord>();
      for (const id of ids) {
        const rec = s.alerts[id];
        if (rec && live(rec.expiresAt, now)) {
          const { expiresAt: _e, ...record } = rec;
          out.set(id, structuredClone(record));
        }
      }
      return out;
    },
    async getPrevalence(actions): Promise<PrevalenceView> {
      const view: PrevalenceView = { actions: new Map(), knownAccounts: { ...s.accounts } };
      for (const action of actions) {
        const rec = s.prevalence[action];
        if (rec) view.actions.set(action, { action, accounts: { ...rec.accounts }, principals: rec.principals.length });
      }
      return view;
    },
    async addPrevalence(observations: readonly PrevalenceObservation[], expiresAt) {
      for (const o of observations) {
        const rec = (s.prevalence[o.action] ??= { accounts: {}, principals: [], expiresAt });
        if ((rec.accounts[o.account] ?? '') < o.time) rec.accounts[o.account] = o.time;
        if (o.principalKey !== null && rec.principals.length < PRINCIPAL_CAP) {
          const p = `${o.account}|${o.principalKey}`;
          if (!rec.principals.includes(p)) rec.principals.push(p);
        }
        if (rec.expiresAt < expiresAt) rec.expiresAt = expiresAt;
        if ((s.accounts[o.account] ?? '') < o.time) s.accounts[o.account] = o.time;
      }
    },
    async commit(c: StateCommit) {
      for (const { findingId, alertId } of c.seen) s.seen[findingId] = { alertId, expiresAt: c.seenExpiresAt };
      for (const id of c.release) {
        const entry = s.seen[id];
        if (entry?.claimUntil !== undefined) delete s.seen[id];
      }
      for (const { key, sighting, expiresAt } of c.sightings) {
        const rec = (s.actors[key] ??= { sightings: [], expiresAt });
        rec.sightings = rec.sightings.filter((x) => x.account !== sighting.account).concat({ ...sighting });
        if (rec.expiresAt < expiresAt) rec.expiresAt = expiresAt;
      }
      for (const alert of c.alerts) {
        const prior = s.alerts[alert.id];
        const delivered = { ...(prior?.delivered ?? {}) };
        for (const [rev, sinks] of Object.entries(alert.delivered)) {
          delivered[rev] = [...new Set([...(delivered[rev] ?? []), ...sinks])].sort();
        }
        s.alerts[alert.id] = { ...structuredClone(alert), delivered, expiresAt: c.alertExpiresAt };
      }
    },
    async putHeartbeats(records, expiresAt) {
      for (const r of records) {
        const key = agentKeyOf(r.heartbeat);
        const prior = s.heartbeats[key];
        if (!prior || prior.receivedAt <= r.receivedAt)
          s.heartbeats[key] = { ...nextHeartbeatRecord(prior, structuredClone(r)), expiresAt };
      }
    },
    async listHeartbeats() {
      return Object.values(s.heartbeats).map(({ expiresAt: _e, ...r }) => structuredClone(r));
    },
  };
}
