/**
 * Scores a scan of a generated organization against its ground truth (`ground-truth.jsonl`): which
 * injected anomalies were found, which near-misses and learning-period events wrongly alerted, and how
 * many other alerts the scan raised (the noise).
 * @module
 */
import { type Alert, type Finding, SEVERITIES, type Severity } from '../../engine/findings/index.js';

/** The fields of a ground-truth line this comparison reads. */
export interface TruthLine {
  id: string;
  type: string;
  accountId: string;
  principalKey: string;
  action: string;
  ruleId?: string;
  eventIds: string[];
  eventTime?: string;
  duringLearning: boolean;
  accounts?: string[];
  description: string;
}

export interface TruthScore {
  firstSeen: { expected: number; found: number; missed: TruthLine[] };
  duringLearning: { expected: number; alerted: TruthLine[] };
  rules: { expected: number; found: number; missed: TruthLine[] };
  negatives: { expected: number; alerted: TruthLine[] };
  incidents: { expected: number; found: number; missed: TruthLine[] };
  /** Quiet thefts (usual actions, new network and client): caught when alerted at medium or above. */
  thefts: { expected: number; caught: number; missed: Array<TruthLine & { severity: Severity | null }> };
  /** Benign network novelty: how its alerts rank (none, info or low is right). */
  benign: { expected: number; bySeverity: Record<Severity | 'none', number> };
  /** Alerts that explain no injected anomaly: legitimate-but-new behaviour, the price of first-seen. */
  noise: number;
  /** Of those, at medium and above. */
  noiseMediumPlus: number;
  alerts: number;
  /** Every caught rule event ranks above the median routine (noise) first-seen alert. */
  rulesRankAboveNoise: boolean;
}

const firstSeenKey = (account: string, principal: string, action: string): string =>
  `${account}|${principal}|${action}`;

/** Compares active (non-suppressed) alerts with the ground truth. */
export function scoreAgainstTruth(alerts: readonly Alert[], truth: readonly TruthLine[]): TruthScore {
  const active = alerts.filter((a) => a.suppressed === null);
  const findings: Array<{ alert: Alert; finding: Finding }> = active.flatMap((alert) =>
    alert.findings.map((finding) => ({ alert, finding })),
  );
  const firstSeen = new Map<string, Alert>();
  for (const { alert, finding } of findings)
    if (finding.kind === 'first-seen')
      firstSeen.set(firstSeenKey(finding.accountId, finding.principal.key, finding.value), alert);
  const ruleHit = (t: TruthLine): Alert | undefined =>
    findings.find(
      ({ finding }) =>
        finding.kind === 'rule' &&
        (t.ruleId === undefined || finding.detectorId === t.ruleId) &&
        finding.evidence.eventIds.some((id) => t.eventIds.includes(id)),
    )?.alert;

  const explained = new Set<Alert>();
  const score: TruthScore = {
    firstSeen: { expected: 0, found: 0, missed: [] },
    duringLearning: { expected: 0, alerted: [] },
    rules: { expected: 0, found: 0, missed: [] },
    negatives: { expected: 0, alerted: [] },
    incidents: { expected: 0, found: 0, missed: [] },
    thefts: { expected: 0, caught: 0, missed: [] },
    benign: { expected: 0, bySeverity: { none: 0, info: 0, low: 0, medium: 0, high: 0, critical: 0 } },
    noise: 0,
    noiseMediumPlus: 0,
    alerts: active.length,
    rulesRankAboveNoise: true,
  };
  // The alerts about a principal's window holding the planted events (first-seen alerts group per window).
  const windowAlerts = (t: TruthLine): Alert[] => {
    const at = Date.parse(t.eventTime ?? '');
    return active.filter((a) =>
      a.findings.some(
        (f) =>
          f.accountId === t.accountId &&
          f.principal.key === t.principalKey &&
          (f.evidence.eventIds.some((id) => t.eventIds.includes(id)) ||
            (f.kind === 'first-seen' && Date.parse(f.window.start) <= at && at < Date.parse(f.window.end))),
      ),
    );
  };
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  const worst = (alerts: readonly Alert[]): Severity | null =>
    alerts.reduce<Severity | null>((m, a) => (m === null || rank(a.severity) > rank(m) ? a.severity : m), null);
  const planted = new Set(truth.flatMap((t) => t.eventIds));
  for (const t of truth) {
    if (t.type === 'quiet-theft' || t.type === 'benign-novelty') {
      const hits = windowAlerts(t);
      for (const a of hits) explained.add(a);
      const severity = worst(hits);
      if (t.type === 'quiet-theft') {
        score.thefts.expected++;
        if (severity !== null && rank(severity) >= rank('medium')) score.thefts.caught++;
        else score.thefts.missed.push({ ...t, severity });
      } else {
        score.benign.expected++;
        score.benign.bySeverity[severity ?? 'none']++;
      }
      continue;
    }
    if (t.type === 'first-seen') {
      const hit = firstSeen.get(firstSeenKey(t.accountId, t.principalKey, t.action));
      if (t.duringLearning) {
        score.duringLearning.expected++;
        if (hit) score.duringLearning.alerted.push(t);
        continue;
      }
      score.firstSeen.expected++;
      if (hit) {
        score.firstSeen.found++;
        explained.add(hit);
      } else score.firstSeen.missed.push(t);
    } else if (t.type === 'rule') {
      score.rules.expected++;
      const hit = ruleHit(t);
      if (hit) {
        score.rules.found++;
        explained.add(hit);
      } else score.rules.missed.push(t);
    } else if (t.type === 'negative') {
      score.negatives.expected++;
      if (ruleHit(t)) score.negatives.alerted.push(t);
    } else if (t.type === 'incident') {
      score.incidents.expected++;
      // The incident that holds the injected events and spans their accounts (not just any incident over those accounts).
      const accounts = t.accounts ?? [t.accountId];
      const hit = active.find(
        (a) =>
          a.kind === 'incident' &&
          accounts.every((acc) => a.accounts.includes(acc)) &&
          a.findings.some((f) => f.evidence.eventIds.some((id) => t.eventIds.includes(id))),
      );
      if (hit) {
        score.incidents.found++;
        explained.add(hit);
        for (const f of hit.findings) {
          const single = firstSeen.get(firstSeenKey(f.accountId, f.principal.key, f.value));
          if (single) explained.add(single);
        }
      } else score.incidents.missed.push(t);
    }
  }
  // An alert about where from or with what, showing a planted event (an attacker's rule event), is explained too.
  for (const a of active)
    if (
      a.findings.every((f) => f.kind === 'first-seen' && f.dimension !== 'action') &&
      a.findings.some((f) => f.evidence.eventIds.some((id) => planted.has(id)))
    )
      explained.add(a);
  const noise = active.filter((a) => !explained.has(a));
  score.noise = noise.length;
  score.noiseMediumPlus = noise.filter((a) => rank(a.severity) >= rank('medium')).length;
  const routine = noise
    .filter((a) => a.kind === 'first-seen')
    .map((a) => a.score)
    .sort((a, b) => a - b);
  const median = routine.length > 0 ? routine[Math.floor(routine.length / 2)]! : 0;
  const ruleAlerts = [...explained].filter((a) => a.kind === 'rule');
  score.rulesRankAboveNoise = ruleAlerts.every((a) => a.score > median);
  return score;
}

/** A few lines for a terminal. */
export function formatTruthScore(s: TruthScore): string {
  const lines = [
    `ground truth: first-seen anomalies found ${s.firstSeen.found}/${s.firstSeen.expected}, rule events caught ${s.rules.found}/${s.rules.expected}, cross-account incidents ${s.incidents.found}/${s.incidents.expected}`,
    `ground truth: alerts during a learning period ${s.duringLearning.alerted.length}/${s.duringLearning.expected}, near-misses that alerted ${s.negatives.alerted.length}/${s.negatives.expected}, other alerts (noise) ${s.noise} of ${s.alerts} (${s.noiseMediumPlus} at medium or above)`,
  ];
  if (s.thefts.expected + s.benign.expected > 0) {
    const b = s.benign.bySeverity;
    lines.push(
      `ground truth: quiet thefts (usual actions, new network/client) alerted at medium+ ${s.thefts.caught}/${s.thefts.expected}; benign network novelty ${s.benign.expected}: no alert ${b.none}, info ${b.info}, low ${b.low}, medium+ ${b.medium + b.high + b.critical}`,
    );
  }
  for (const t of s.thefts.missed.slice(0, 5))
    lines.push(`  missed: quiet theft in ${t.accountId} (${t.severity ?? 'no alert'}): ${t.description}`);
  for (const t of [...s.firstSeen.missed, ...s.rules.missed, ...s.incidents.missed].slice(0, 10))
    lines.push(`  missed: ${t.type} ${t.ruleId ?? t.action} in ${t.accountId}: ${t.description}`);
  return `${lines.join('\n')}\n`;
}
