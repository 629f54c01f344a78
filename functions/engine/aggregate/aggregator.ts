/**
 * The aggregator: verify, deduplicate, correlate, score, route, deliver, then remember. Findings are
 * marked seen only once every sink they were routed to has them; otherwise their claims are released
 * and their envelopes reported for retry, so nothing is lost and a redelivery alerts once.
 * @module
 */
import type { Alert, Finding } from '../findings/index.js';
import { actorKeysOf, actorRules, type ActorKey } from './actors.js';
import type { AggregatorConfig } from '../config/index.js';
import { correlate } from './correlate.js';
import { verifyEnvelopes, type AcceptedFinding } from './envelope.js';
import { buildAlert, revisionOf } from './build.js';
import { draftAlerts, suppressionOf } from './group.js';
import { spoofAlerts } from './health.js';
import { observationsOf, prevalenceKeysOf } from './prevalence.js';
import { belowThreshold, deliver, routesFor, type Routed } from './route.js';
import { scoreAlert } from './alert-score.js';
import { DEFAULT_SCORING_CONFIG, type ScoringConfig, type Suppression } from '../config/index.js';
import { applySuppressions, compileSuppressions } from './suppress/index.js';
import { ClaimStatus, type AggregatorState, type AlertRecord, type StateCommit } from './state.js';
import type {
  AggregateCounts,
  AggregateResult,
  AlertScorer,
  AlertSink,
  Envelope,
  PrevalenceObservation,
} from './types.js';

const DAY_MS = 86_400_000;

export interface AggregatorOptions {
  state: AggregatorState;
  config: AggregatorConfig;
  /** The clock, passed in (the engine never reads it). */
  now: () => string;
  /** Where alerts go; none (the local scan) means alerts are only returned. */
  sinks?: readonly AlertSink[];
  /** Scoring settings: the severity bands and the default scorer (default: the built-in scoring config). */
  scoring?: ScoringConfig;
  /** The base scorer (default `scoreAlert` with `scoring`). */
  scorer?: AlertScorer;
  /**
   * Suppressions of the config, applied here once for every runtime: a matching finding is kept, marked,
   * counted and its alert sent only to sinks that ask for suppressed alerts.
   */
  suppressions?: readonly Suppression[];
  /** Names this invocation's claims (the Lambda request id); default derived from the clock. */
  owner?: () => string;
}

/** The aggregator's surface. */
export interface Aggregator {
  /** Processes a batch of envelopes; never throws on bad input (only on state or programming errors). */
  ingest(envelopes: readonly Envelope[]): Promise<AggregateResult>;
  /** Feeds org prevalence directly (the local scan passes its baselines' actions). */
  observePrevalence(observations: readonly PrevalenceObservation[]): Promise<void>;
}

function later(now: string, ms: number): string {
  return new Date(Date.parse(now) + ms).toISOString();
}

function emptyCounts(envelopes: number): AggregateCounts {
  return {
    envelopes,
    findings: 0,
    heartbeats: 0,
    rejected: 0,
    duplicates: 0,
    busy: 0,
    suppressed: 0,
    alerts: 0,
    incidents: 0,
    updates: 0,
    belowThreshold: 0,
    deliveryFailures: 0,
  };
}

/**
 * Creates an aggregator over a state and sinks.
 * @example
 * const agg = createAggregator({ state: createMemoryAggregatorState(), config: DEFAULT_AGGREGATOR_CONFIG, now: () => new Date().toISOString() });
 * const { alerts } = await agg.ingest(envelopesFromFindings(findings));
 */
export function createAggregator(opts: AggregatorOptions): Aggregator {
  const { state, config } = opts;
  const sinks = opts.sinks ?? [];
  const scoring = opts.scoring ?? DEFAULT_SCORING_CONFIG;
  const scorer = opts.scorer ?? ((findings: readonly Finding[]) => scoreAlert(findings, { config: scoring }));
  const rules = actorRules(config);
  const suppressions = compileSuppressions(opts.suppressions ?? []);
  const prevalenceTtl = config.prevalence.ttlDays * DAY_MS;

  async function ingest(envelopes: readonly Envelope[]): Promise<AggregateResult> {
    const now = opts.now();
    const owner = opts.owner?.() ?? `aggregator@${now}`;
    const counts = emptyCounts(envelopes.length);
    const verified = verifyEnvelopes(envelopes);
    counts.rejected = verified.rejected.length;
    counts.heartbeats = verified.heartbeats.length;
    const failed = new Set<number>();

    if (verified.heartbeats.length > 0) {
      await state.putHeartbeats(
        verified.heartbeats.map(({ heartbeat }) => ({ accountId: heartbeat.accountId, receivedAt: now, heartbeat })),
        later(now, config.retentionDays * DAY_MS),
      );
      const learned = verified.heartbeats.flatMap(({ heartbeat }) =>
        heartbeat.learnedActions.map((action) => ({
          action,
          account: heartbeat.accountId,
          principalKey: null,
          time: now,
        })),
      );
      await state.addPrevalence(learned, later(now, prevalenceTtl));
    }

    // Dedup: first within the batch, then against the state (claims make concurrent invocations safe).
    const unique = new Map<string, AcceptedFinding>();
    for (const a of verified.findings) if (!unique.has(a.finding.id)) unique.set(a.finding.id, a);
    counts.findings = verified.findings.length;
    counts.duplicates = verified.findings.length - unique.size;
    const claims =
      unique.size > 0
        ? await state.claimFindings([...unique.keys()], owner, now, later(now, config.claimLeaseSeconds * 1000))
        : new Map();
    const envelopesOf = new Map<string, number[]>();
    for (const a of verified.findings) {
      const list = envelopesOf.get(a.finding.id);
      if (list) list.push(a.envelope);
      else envelopesOf.set(a.finding.id, [a.envelope]);
    }
    const claimed: Finding[] = [];
    for (const [id, a] of unique) {
      const status = claims.get(id);
      if (status === ClaimStatus.Claimed) claimed.push(a.finding);
      else if (status === ClaimStatus.Seen) counts.duplicates++;
      else {
        counts.busy++;
        for (const e of envelopesOf.get(id) ?? []) failed.add(e);
      }
    }
    const marked = applySuppressions(claimed, suppressions, now);
    const suppressed = [
      ...marked.kept.filter((f) => suppressionOf(f) !== null),
      ...marked.suppressed.map((s) => s.finding),
    ];
    const active = marked.kept.filter((f) => suppressionOf(f) === null);
    counts.suppressed = suppressed.length;

    // Correlate and draft.
    const keys: ActorKey[][] = active.map((f) => actorKeysOf(f, rules));
    const keysByFinding = new Map(active.map((f, i) => [f.id, keys[i] ?? []]));
    const remembered = await state.getActors([...new Set(keys.flat().map((k) => k.key))]);
    const incidents = correlate(active, keys, remembered, {
      windowMs: config.correlation.windowMinutes * 60_000,
      minAccounts: config.correlation.minAccounts,
    });
    const drafts = draftAlerts(active, suppressed, incidents);
    const spoofs = spoofAlerts(verified.rejected, now);
    const actions = prevalenceKeysOf(claimed);
    const prevalence =
      actions.length > 0 ? await state.getPrevalence(actions) : { actions: new Map(), knownAccounts: {} };
    const prior = await state.getAlerts([...drafts.map((d) => d.id), ...spoofs.map((s) => s.alert.id)], now);

    const alerts: Alert[] = drafts.map((d) =>
      buildAlert(d, {
        scorer,
        prevalence,
        config,
        thresholds: scoring.severityThresholds,
        prior: prior.get(d.id),
        now,
      }),
    );
    alerts.push(...spoofs.map((s) => s.alert));
    const routed: Routed[] = alerts.map((alert) => {
      const done = prior.get(alert.id)?.delivered[revisionOf(alert)] ?? [];
      const routes = routesFor(alert, sinks, config.routing);
      return {
        alert,
        routes: routes.filter((r) => !done.includes(r)),
        alreadyDelivered: routes.filter((r) => done.includes(r)),
      };
    });
    const deliveries = await deliver(routed, sinks);

    // Remember what reached every sink; release and retry the rest.
    const commit: StateCommit = {
      seen: [],
      seenExpiresAt: later(now, config.retentionDays * DAY_MS),
      release: [],
      sightings: [],
      alerts: [],
      alertExpiresAt: later(now, config.retentionDays * DAY_MS),
    };
    const observations: PrevalenceObservation[] = [];
    const findingEnvelopes = (fs: readonly Finding[]): number[] => fs.flatMap((f) => envelopesOf.get(f.id) ?? []);
    alerts.forEach((alert, i) => {
      const delivery = deliveries[i]!;
      const ok = delivery.failed.length === 0;
      const revision = revisionOf(alert);
      const record = prior.get(alert.id);
      commit.alerts.push(alertRecord(alert, revision, record, delivery.delivered, now));
      if (record && record.revision !== revision) counts.updates++;
      if (!alert.suppressed && belowThreshold(alert, config.routing)) counts.belowThreshold++;
      if (alert.kind === 'incident') counts.incidents++;
      if (!ok) {
        counts.deliveryFailures++;
        commit.release.push(...alert.findings.map((f) => f.id));
        findingEnvelopes(alert.findings).forEach((e) => failed.add(e));
        spoofs.find((s) => s.alert.id === alert.id)?.envelopes.forEach((e) => failed.add(e));
        return;
      }
      commit.seen.push(...alert.findings.map((f) => ({ findingId: f.id, alertId: alert.id })));
      observations.push(...observationsOf(alert.findings, now));
      const draft = drafts[i];
      if (!draft || alert.suppressed) return;
      const links = new Set(draft.incident?.links.map((l) => l.key) ?? []);
      commit.sightings.push(
        ...sightingsOf(
          draft.findings,
          keysByFinding,
          alert.id,
          (key) => (links.has(key) ? alert.id : null),
          config,
          now,
        ),
      );
      for (const s of draft.incident?.prior ?? []) {
        for (const link of draft.incident!.links) {
          commit.sightings.push({
            key: link.key,
            sighting: { ...s, incidentId: alert.id },
            expiresAt: later(s.eventTime, config.correlation.windowMinutes * 60_000 * 2),
          });
        }
      }
    });
    commit.sightings = commit.sightings.filter((s) => !unchanged(s, remembered));
    await state.commit(commit);
    if (observations.length > 0) await state.addPrevalence(observations, later(now, prevalenceTtl));
    counts.alerts = alerts.length;
    return {
      alerts,
      deliveries,
      rejected: verified.rejected,
      expiredSuppressions: marked.expired,
      duplicates: counts.duplicates,
      failedEnvelopes: [...failed].sort((a, b) => a - b),
      counts,
    };
  }

  return {
    ingest,
    observePrevalence: (observations) => state.addPrevalence(observations, later(opts.now(), prevalenceTtl)),
  };
}

function sightingsOf(
  findings: readonly Finding[],
  keysByFinding: ReadonlyMap<string, ActorKey[]>,
  alertId: string,
  incidentOf: (key: string) => string | null,
  config: AggregatorConfig,
  now: string,
): StateCommit['sightings'] {
  const out = new Map<string, StateCommit['sightings'][number]>();
  for (const f of findings) {
    for (const key of keysByFinding.get(f.id) ?? []) {
      const id = `${key.key}|${f.accountId}`;
      const prev = out.get(id);
      if (prev && prev.sighting.eventTime >= f.lastEventTime) continue;
      const eventTime = f.lastEventTime < now ? f.lastEventTime : now;
      out.set(id, {
        key: key.key,
        sighting: { account: f.accountId, eventTime, alertId, incidentId: incidentOf(key.key) },
        expiresAt: later(eventTime, config.correlation.windowMinutes * 60_000 * 2),
      });
    }
  }
  return [...out.values()];
}

/** A sighting the state already holds (same alert and incident, as late or later): no write needed. */
function unchanged(
  s: StateCommit['sightings'][number],
  remembered: ReadonlyMap<
    string,
    { sightings: Array<{ account: string; eventTime: string; alertId: string; incidentId: string | null }> }
  >,
): boolean {
  const known = remembered.get(s.key)?.sightings.find((x) => x.account === s.sighting.account);
  return (
    known !== undefined &&
    known.alertId === s.sighting.alertId &&
    known.incidentId === s.sighting.incidentId &&
    known.eventTime >= s.sighting.eventTime
  );
}

function alertRecord(
  alert: Alert,
  revision: string,
  prior: AlertRecord | undefined,
  delivered: string[],
  now: string,
): AlertRecord {
  return {
    id: alert.id,
    kind: alert.kind,
    revision,
    firstCreatedAt: prior?.firstCreatedAt ?? now,
    updatedAt: now,
    severity: alert.severity,
    score: alert.score,
    accounts: alert.accounts,
    values: alert.values.slice(0, 500),
    findingIds: [...new Set([...(prior?.findingIds ?? []), ...alert.findings.map((f) => f.id)])].slice(-500),
    delivered: { [revision]: delivered },
  };
}
