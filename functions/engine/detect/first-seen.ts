/**
 * First-seen detection for one account and window: which (principal, action) pairs and which
 * (principal, dimension, value) observations are new, which are learned silently (learning period,
 * learn-only, AWS's own callers), which known entries are due a refresh. Every dimension follows the
 * same learning period, TTL and refresh as actions.
 * Pure: the caller fetched the principals and entries and will claim, publish and commit.
 * @module
 */
import { type ActivityRow, MAX_CALLERS, type Window } from '../activity/index.js';
import { Dimension, entryId, type BaselineEntry, type PrincipalRecord } from '../baseline/index.js';
import { toIso } from '../cloudtrail/index.js';
import type { DetectionConfig } from '../config/index.js';
import type { DimensionObservation } from '../dimensions/index.js';

const DAY = 86_400_000;

export interface FirstSeenOptions {
  window: Window;
  /** Rows of the window, already merged per (principal, action) and filtered (see `prepareRows`). */
  rows: readonly ActivityRow[];
  principals: ReadonlyMap<string, PrincipalRecord>;
  entries: ReadonlyMap<string, BaselineEntry>;
  /** Values of the other dimensions seen in the window (see `observeDimensions`). */
  observations?: readonly DimensionObservation[];
  config: DetectionConfig;
  /** Wall clock (ISO), used only for claim leases. */
  now: string;
  runId: string;
  learnOnly: boolean;
}

/** A pair that is new after the learning period: to be claimed, then published as a finding. */
export interface NewPair {
  /** The row of a new action; for another dimension, the first row its value appears in. */
  row: ActivityRow;
  entry: BaselineEntry;
  principal: PrincipalRecord;
  /** Set for a new value of a dimension other than `action`. */
  observation: DimensionObservation | null;
}

export interface FirstSeenResult {
  newPairs: NewPair[];
  /** New pairs inside the learning period (or learn-only): committed without a finding. */
  learned: BaselineEntry[];
  /** Known entries whose lastSeen is older than the refresh interval. */
  refreshed: BaselineEntry[];
  /** Principal records to write (new, restarted after expiry, or due a refresh). */
  principals: PrincipalRecord[];
  /** Pairs another live run has claimed: left to it. */
  heldElsewhere: number;
  /** Keys of principals never seen before (or forgotten after their TTL): their record starts in this window. */
  newPrincipals: string[];
}

const entryKeyOf = (row: ActivityRow) => ({
  principalKey: row.principalKey,
  dimension: Dimension.Action,
  value: row.action,
});

/** Decides, pair by pair, what the window means for the baseline. */
export function detectFirstSeen(o: FirstSeenOptions): FirstSeenResult {
  const { config } = o;
  const ttl = config.ttlDays * DAY;
  const refresh = config.refreshDays * DAY;
  const nowMs = Date.parse(o.now);
  const principalOut = new Map<string, PrincipalRecord>();
  const result: FirstSeenResult = {
    newPairs: [],
    learned: [],
    refreshed: [],
    principals: [],
    heldElsewhere: 0,
    newPrincipals: [],
  };

  // Principals first: a principal never seen (or forgotten after its TTL) starts its learning period now.
  for (const row of o.rows) {
    const known = principalOut.get(row.principalKey) ?? o.principals.get(row.principalKey);
    const firstMs = Date.parse(row.firstEventTime);
    const lastMs = Date.parse(row.lastEventTime);
    const alive = known !== undefined && Date.parse(known.expiresAt) > firstMs;
    if (!alive) {
      if (!principalOut.has(row.principalKey)) result.newPrincipals.push(row.principalKey);
      principalOut.set(row.principalKey, {
        principalKey: row.principalKey,
        type: row.principalType,
        arn: row.principalArn,
        name: row.principalName,
        firstSeen: row.firstEventTime,
        lastSeen: row.lastEventTime,
        expiresAt: toIso(lastMs + config.principalTtlDays * DAY),
        knownValues: 0,
      });
      continue;
    }
    const changed = principalOut.has(row.principalKey);
    const firstSeen = firstMs < Date.parse(known.firstSeen) ? row.firstEventTime : known.firstSeen;
    if (changed || lastMs - Date.parse(known.lastSeen) >= refresh || firstSeen !== known.firstSeen) {
      const lastSeen = lastMs > Date.parse(known.lastSeen) ? row.lastEventTime : known.lastSeen;
      principalOut.set(row.principalKey, {
        ...known,
        firstSeen,
        lastSeen,
        expiresAt: toIso(Date.parse(lastSeen) + config.principalTtlDays * DAY),
      });
    }
  }

  const items = [
    ...o.rows.map((row) => ({
      key: entryKeyOf(row),
      row,
      first: row.firstEventTime,
      last: row.lastEventTime,
      obs: null,
    })),
    ...(o.observations ?? []).map((obs) => ({
      key: { principalKey: obs.principalKey, dimension: obs.dimension, value: obs.value },
      row: obs.rows[0]!,
      first: obs.firstEventTime,
      last: obs.lastEventTime,
      obs,
    })),
  ];
  for (const { key, row, first, last, obs } of items) {
    const principal = principalOut.get(key.principalKey) ?? o.principals.get(key.principalKey);
    if (principal === undefined) continue;
    const existing = o.entries.get(entryId(key));
    const firstMs = Date.parse(first);
    const lastMs = Date.parse(last);
    const fresh: BaselineEntry = {
      ...key,
      firstSeen: first,
      lastSeen: last,
      expiresAt: toIso(lastMs + ttl),
    };
    const claimLive =
      existing?.claim !== undefined &&
      existing.claim.runId !== o.runId &&
      Date.parse(existing.claim.leaseUntil) > nowMs;
    if (claimLive) {
      result.heldElsewhere++;
      continue;
    }
    const known = existing !== undefined && existing.claim === undefined && Date.parse(existing.expiresAt) > firstMs;
    if (known) {
      if (lastMs - Date.parse(existing.lastSeen) >= refresh) {
        result.refreshed.push({ ...existing, lastSeen: last, expiresAt: fresh.expiresAt });
      }
      continue;
    }
    const learning =
      o.learnOnly || (obs?.silent ?? false) || firstMs < Date.parse(principal.firstSeen) + config.learningDays * DAY;
    if (learning) result.learned.push(fresh);
    else result.newPairs.push({ row, entry: fresh, principal, observation: obs });
  }

  result.principals = [...principalOut.values()];
  return result;
}

/**
 * A new network+client pair is news only when its network and its client are both known: when either is
 * new itself, the pair is implied and learned without a finding of its own.
 */
export function settleImpliedPairs(result: FirstSeenResult): FirstSeenResult {
  const fresh = new Set(
    result.newPairs.map((p) => `${p.entry.principalKey}\u001f${p.entry.dimension}\u001f${p.entry.value}`),
  );
  const implied = (p: NewPair): boolean => {
    if (p.entry.dimension !== Dimension.NetworkClient) return false;
    const cut = p.entry.value.indexOf('|');
    const network = p.entry.value.slice(0, cut);
    const client = p.entry.value.slice(cut + 1);
    const own = (dimension: string, value: string): boolean =>
      fresh.has(`${p.entry.principalKey}\u001f${dimension}\u001f${value}`);
    return own(Dimension.Network, network) || own(Dimension.Client, client);
  };
  return {
    ...result,
    newPairs: result.newPairs.filter((p) => !implied(p)),
    learned: [...result.learned, ...result.newPairs.filter(implied).map((p) => p.entry)],
  };
}

/** Merges rows of the same (principal, action) and drops service calls unless configured to keep them. */
export function prepareRows(
  rows: readonly ActivityRow[],
  includeServiceCalls: boolean,
): { rows: ActivityRow[]; serviceEvents: number } {
  const merged = new Map<string, ActivityRow>();
  let serviceEvents = 0;
  for (const row of rows) {
    if (row.serviceCall !== null && !includeServiceCalls) {
      serviceEvents += row.count;
      continue;
    }
    const key = `${row.principalKey}\u001f${row.action}`;
    const prior = merged.get(key);
    merged.set(key, prior === undefined ? row : mergeRows(prior, row));
  }
  return { rows: [...merged.values()], serviceEvents };
}

const union = (a: readonly string[], b: readonly string[], max: number): string[] =>
  [...new Set([...a, ...b])].sort().slice(0, max);

function mergeRows(a: ActivityRow, b: ActivityRow): ActivityRow {
  const earlier = Date.parse(a.firstEventTime) <= Date.parse(b.firstEventTime) ? a : b;
  return {
    ...earlier,
    serviceCall: a.serviceCall === null || b.serviceCall === null ? null : a.serviceCall,
    count: a.count + b.count,
    errorCount: a.errorCount + b.errorCount,
    errorCodes: union(a.errorCodes, b.errorCodes, 5),
    firstEventTime: earlier.firstEventTime,
    lastEventTime: Date.parse(a.lastEventTime) >= Date.parse(b.lastEventTime) ? a.lastEventTime : b.lastEventTime,
    sampleEventIds: [...earlier.sampleEventIds, ...(earlier === a ? b : a).sampleEventIds].slice(
      0,
      Math.max(a.sampleEventIds.length, b.sampleEventIds.length),
    ),
    sourceIps: union(a.sourceIps, b.sourceIps, 5),
    userAgents: union(a.userAgents, b.userAgents, 5),
    regions: union(a.regions, b.regions, 10),
    callers: union(a.callers ?? [], b.callers ?? [], MAX_CALLERS),
    futureCount: (a.futureCount ?? 0) + (b.futureCount ?? 0),
  };
}
