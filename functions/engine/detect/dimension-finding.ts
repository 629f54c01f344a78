/** Builds the first-seen finding of a new value of a dimension other than `action`, before scoring. */
import { type ActivityRow, clientTokenOf, networkKeyOf, type Window } from '../activity/index.js';
import { Dimension } from '../baseline/index.js';
import { clientOf, type DimensionObservation, type NetworkResolver } from '../dimensions/index.js';
import { FINDING_SCHEMA_VERSION, firstSeenFindingId, type Finding } from '../findings/index.js';
import { findingPrincipal } from './finding-of.js';
import { DETECTOR_VERSION } from './version.js';

const TITLE: Record<string, (label: string) => string> = {
  [Dimension.Network]: (l) => `called from a new network: ${l}`,
  [Dimension.Client]: (l) => `used a new client: ${l}`,
  [Dimension.Region]: (l) => `called in a new region: ${l}`,
  [Dimension.ErrorCode]: (l) => `was ${l} for the first time`,
  [Dimension.NetworkClient]: (l) => `used ${l} for the first time`,
};

const union = (lists: string[][], max: number, keep: (v: string) => boolean = () => true): string[] =>
  [...new Set(lists.flat().filter(keep))].sort().slice(0, max);

/** The unscored finding of a new dimension value (severity info, score 0 until scoring). */
export function dimensionFinding(obs: DimensionObservation, window: Window, resolve: NetworkResolver): Finding {
  const rows: ActivityRow[] = [...obs.rows].sort((a, b) => a.firstEventTime.localeCompare(b.firstEventTime));
  const row = rows[0]!;
  const who = row.principalName ?? row.principalArn ?? row.principalKey;
  const network = obs.dimension === Dimension.Network ? obs.value : obs.value.split('|')[0];
  const client = obs.dimension === Dimension.Client ? obs.value : obs.value.split('|')[1];
  // Evidence that shows the new value where the rows say which event had it.
  const ipMatches = (ip: string): boolean =>
    (obs.dimension !== Dimension.Network && obs.dimension !== Dimension.NetworkClient) ||
    resolve(networkKeyOf(ip, undefined)).value === network;
  const agentMatches = (ua: string): boolean =>
    (obs.dimension !== Dimension.Client && obs.dimension !== Dimension.NetworkClient) ||
    clientOf(clientTokenOf(ua)).value === client;
  const sourceIps = union(
    rows.map((r) => r.sourceIps),
    5,
    ipMatches,
  );
  const userAgents = union(
    rows.map((r) => r.userAgents),
    5,
    agentMatches,
  );
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: firstSeenFindingId(row.accountId, obs.principalKey, obs.dimension, obs.value),
    kind: 'first-seen',
    detectorId: `first-seen.${obs.dimension}`,
    title: `${who} ${(TITLE[obs.dimension] ?? ((l: string) => `used a new ${obs.dimension}: ${l}`))(obs.label)}`,
    accountId: row.accountId,
    region: row.regions[0] ?? null,
    principal: findingPrincipal(row),
    dimension: obs.dimension,
    value: obs.value,
    count: rows.reduce((n, r) => n + r.count, 0),
    errorCount: rows.reduce((n, r) => n + r.errorCount, 0),
    firstEventTime: obs.firstEventTime,
    lastEventTime: obs.lastEventTime,
    window,
    evidence: {
      eventIds: rows.flatMap((r) => r.sampleEventIds).slice(0, 3),
      sourceIps:
        sourceIps.length > 0
          ? sourceIps
          : union(
              rows.map((r) => r.sourceIps),
              5,
            ),
      userAgents:
        userAgents.length > 0
          ? userAgents
          : union(
              rows.map((r) => r.userAgents),
              5,
            ),
      regions: union(
        rows.map((r) => r.regions),
        10,
      ),
      errorCodes: union(
        rows.map((r) => r.errorCodes),
        5,
      ),
      samples: [],
    },
    severity: 'info',
    score: 0,
    reasons: [],
    mitre: null,
    runbook: null,
    flags: rows.some((r) => (r.futureCount ?? 0) > 0) ? ['future-timestamp'] : [],
    context: { label: obs.label, ...obs.context },
    detector: { name: 'ct-anomaly', version: DETECTOR_VERSION },
  };
}
