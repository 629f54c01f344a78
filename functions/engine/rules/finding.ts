/** Builds a fully formed rule finding from the records behind one rule hit. */
import type { Window } from '../activity/index.js';
import { type CloudTrailRecord, actionOf, principalOf } from '../cloudtrail/index.js';
import { FINDING_SCHEMA_VERSION, type Finding, type Severity, ruleFindingId, trimRecord } from '../findings/index.js';
import { capitalize, describePrincipal } from './describe.js';
import { deniedByPermission } from './fields.js';
import type { Rule } from './types.js';

/** The detector version written into findings when the context names none. */
export const DEFAULT_DETECTOR_VERSION = '0.1.0';

/** Score a rule finding starts with, by severity, before `scoreRuleFinding` adjusts it. */
export const RULE_BASE_SCORE: Readonly<Record<Severity, number>> = {
  info: 10,
  low: 30,
  medium: 50,
  high: 70,
  critical: 90,
};

/** How one hit is presented. */
export interface HitPresentation {
  title: string;
  severity: Severity;
  dedupe: string;
  context: Record<string, unknown>;
}

const distinct = (values: Array<string | undefined>, max = 50): string[] =>
  [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))].slice(0, max);

const validTime = (t: unknown): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t));

/** Builds the finding of `rule` over `records` (earliest first after sorting) in one account and window. */
export function buildRuleFinding(
  rule: Rule,
  input: { accountId: string; window: Window },
  records: readonly CloudTrailRecord[],
  hit: HitPresentation,
  detectorVersion: string,
): Finding {
  const sorted = [...records].sort((a, b) => String(a.eventTime ?? '').localeCompare(String(b.eventTime ?? '')));
  const first = sorted[0] ?? {};
  const times = sorted.map((r) => r.eventTime).filter(validTime);
  const principal = principalOf(first);
  const action = actionOf(first);
  const ips = distinct(sorted.map((r) => r.sourceIPAddress));
  const eventIds = distinct(sorted.map((r) => r.eventID));
  const who = describePrincipal(principal);
  const attempt = sorted.length > 0 && sorted.every(deniedByPermission);
  const where =
    ips.length > 0 ? ` from ${ips.slice(0, 3).join(', ')}${ips.length > 3 ? ` and ${ips.length - 3} more` : ''}` : '';
  const reasons = [
    `${hit.title}.`,
    `${capitalize(who)} made the call (${action})${where} in account ${input.accountId}${attempt ? '; AWS denied it, so this was a failed attempt' : ''}.`,
    `MITRE ATT&CK: ${rule.mitre.tactic}, ${rule.mitre.technique}.`,
  ];
  return {
    schemaVersion: FINDING_SCHEMA_VERSION,
    id: ruleFindingId(rule.id, input.accountId, hit.dedupe),
    kind: 'rule',
    detectorId: rule.id,
    title: hit.title,
    accountId: input.accountId,
    region: typeof first.awsRegion === 'string' && first.awsRegion !== '' ? first.awsRegion : null,
    principal,
    dimension: 'event',
    value: action,
    count: eventIds.length > 0 ? eventIds.length : sorted.length,
    errorCount: sorted.filter((r) => typeof r.errorCode === 'string' && r.errorCode !== '').length,
    firstEventTime: times[0] ?? input.window.start,
    lastEventTime: times[times.length - 1] ?? input.window.start,
    window: { start: input.window.start, end: input.window.end },
    evidence: {
      eventIds,
      sourceIps: ips,
      userAgents: distinct(sorted.map((r) => r.userAgent)),
      regions: distinct(sorted.map((r) => r.awsRegion)),
      errorCodes: distinct(sorted.map((r) => r.errorCode)),
      samples: sorted.slice(0, 3).map((r) => trimRecord(r)),
    },
    severity: hit.severity,
    score: RULE_BASE_SCORE[hit.severity],
    reasons,
    mitre: { tactic: rule.mitre.tactic, technique: rule.mitre.technique },
    runbook: rule.runbook,
    flags: attempt ? ['failed-attempt'] : [],
    context: hit.context,
    detector: { name: 'ct-anomaly', version: detectorVersion },
  };
}
