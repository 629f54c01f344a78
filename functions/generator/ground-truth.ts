/**
 * The ground truth of a generated organization: every injected anomaly, near-miss and data-quality
 * defect, one JSON object per line in `ground-truth.jsonl`, so a scan can be scored against it.
 * @module
 */

/** Kinds of ground-truth entries. */
export const TruthType = {
  FirstSeen: 'first-seen',
  Rule: 'rule',
  Negative: 'negative',
  Incident: 'incident',
  Duplicate: 'duplicate',
  Late: 'late',
  Future: 'future',
  Malformed: 'malformed',
  /** Stolen credentials replaying the victim's usual actions from a new network and client: must alert at medium or above. */
  QuietTheft: 'quiet-theft',
  /** A new network or client version with usual actions (travel, phones, rotating cloud addresses, a new laptop): info or low at most. */
  BenignNovelty: 'benign-novelty',
} as const;
export type TruthType = (typeof TruthType)[keyof typeof TruthType];

/** One line of `ground-truth.jsonl`. */
export interface TruthEntry {
  id: string;
  type: TruthType;
  accountId: string;
  /** Exactly `principalOf(record).key` of the (first) event; '' for file-level defects. */
  principalKey: string;
  principalArn: string | null;
  /** `eventSource:eventName` of the (first) event; '' for file-level defects. */
  action: string;
  ruleId?: string;
  eventIds: string[];
  /** eventTime of the first event (ISO); for file-level defects, the delivery time. */
  eventTime: string;
  /** True when the event falls inside its principal's learning period (must not raise a first-seen alert). */
  duringLearning: boolean;
  /** Incidents: every account involved. */
  accounts?: string[];
  /** Malformed, duplicate and late entries: the file(s) concerned, relative to the output directory. */
  path?: string;
  paths?: string[];
  description: string;
}

/** Serialises entries as JSON lines with a fixed key order. */
export function truthLines(entries: readonly TruthEntry[]): string {
  return entries
    .map((e) =>
      JSON.stringify({
        id: e.id,
        type: e.type,
        accountId: e.accountId,
        principalKey: e.principalKey,
        principalArn: e.principalArn,
        action: e.action,
        ...(e.ruleId !== undefined ? { ruleId: e.ruleId } : {}),
        eventIds: e.eventIds,
        eventTime: e.eventTime,
        duringLearning: e.duringLearning,
        ...(e.accounts !== undefined ? { accounts: e.accounts } : {}),
        ...(e.path !== undefined ? { path: e.path } : {}),
        ...(e.paths !== undefined ? { paths: e.paths } : {}),
        description: e.description,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}
