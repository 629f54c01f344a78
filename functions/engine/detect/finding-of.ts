/** Builds the first-seen finding of a new (principal, action) pair, before scoring. */
import type { ActivityRow, Window } from '../activity/index.js';
import { Dimension } from '../baseline/index.js';
import { FINDING_SCHEMA_VERSION, firstSeenFindingId, type Finding } from '../findings/index.js';
import { DETECTOR_VERSION } from './version.js';

/** The finding's principal, as the activity row names it. */
export function findingPrincipal(row: ActivityRow): Finding['principal'] {
  return {
    key: row.principalKey,
    type: row.principalType,
    arn: row.principalArn,
    name: row.principalName,
    accountId: row.principalAccountId,
  };
}

/** The unscored finding for a pair first seen in `window` (severity info, score 0 until scoring). */
export function firstSeenFinding(row: ActivityRow, window: Window): Finding {
  const who = row.principalName ?? row.principalArn ?? row.principalKey;
  const flags: string[] = [];
  if (row.serviceCall !== null) flags.push(`service-call:${row.serviceCall}`);
  if ((row.futureCount ?? 0) > 0) flags.push('future-timestamp');
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: firstSeenFindingId(row.accountId, row.principalKey, Dimension.Action, row.action),
    kind: 'first-seen',
    detectorId: `first-seen.${Dimension.Action}`,
    title: `${who} called ${row.eventName} (${row.eventSource}) for the first time`,
    accountId: row.accountId,
    region: row.regions[0] ?? null,
    principal: findingPrincipal(row),
    dimension: Dimension.Action,
    value: row.action,
    count: row.count,
    errorCount: row.errorCount,
    firstEventTime: row.firstEventTime,
    lastEventTime: row.lastEventTime,
    window,
    evidence: {
      eventIds: row.sampleEventIds,
      sourceIps: row.sourceIps,
      userAgents: row.userAgents,
      regions: row.regions,
      errorCodes: row.errorCodes,
      samples: [],
    },
    severity: 'info',
    score: 0,
    reasons: [],
    mitre: null,
    runbook: null,
    flags,
    context: {},
    detector: { name: 'ct-anomaly', version: DETECTOR_VERSION },
  };
}
