/**
 * Turning findings into PutEvents entries: one entry per bus group (account, principal, window);
 * a group larger than one entry is split into parts sharing `groupKey`; a single finding too large
 * for an entry is trimmed (evidence samples first, then evidence lists and context), never dropped.
 * Sizes follow EventBridge's rule: UTF-8 bytes of Source + DetailType + Detail (+ Resources, + 14 for Time).
 * @module
 */
import {
  findingGroupKey,
  groupFindings,
  trimRecord,
  type Finding,
  type FindingBatch,
} from '../../../engine/findings/index.js';

/** EventBridge's limit for one entry and for one PutEvents request. */
export const MAX_ENTRY_BYTES = 256 * 1024;
/** PutEvents accepts at most 10 entries. */
export const MAX_ENTRIES_PER_CALL = 10;

export const AgentEvent = {
  Source: 'ct-anomaly.agent',
  Finding: 'Anomaly Finding',
  Heartbeat: 'Agent Heartbeat',
} as const;

/** One entry to send, with the findings it carries. */
export interface PlannedEntry {
  detailType: string;
  detail: string;
  bytes: number;
  findings: Finding[];
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The size EventBridge counts for an entry of this source, detail-type and detail. */
export function entrySize(source: string, detailType: string, detail: string): number {
  return utf8(source) + utf8(detailType) + utf8(detail);
}

/** Steps from light to heavy; each returns a smaller copy of the finding. */
const TRIM_STEPS: Array<(f: Finding) => Finding> = [
  (f) => ({
    ...f,
    evidence: {
      ...f.evidence,
      samples: f.evidence.samples.map((s) => trimRecord(s, { maxFieldBytes: 512, maxStringLength: 256 })),
    },
  }),
  (f) => ({
    ...f,
    evidence: {
      ...f.evidence,
      samples: f.evidence.samples.slice(0, 1).map((s) => trimRecord(s, { maxFieldBytes: 0, maxStringLength: 128 })),
    },
  }),
  (f) => ({ ...f, evidence: { ...f.evidence, samples: [] } }),
  (f) => ({
    ...f,
    evidence: {
      ...f.evidence,
      eventIds: f.evidence.eventIds.slice(0, 5),
      sourceIps: f.evidence.sourceIps.slice(0, 5),
      userAgents: f.evidence.userAgents.slice(0, 3).map((u) => u.slice(0, 256)),
      regions: f.evidence.regions.slice(0, 5),
      errorCodes: f.evidence.errorCodes.slice(0, 5),
    },
    context: Object.fromEntries(
      Object.entries(f.context).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.slice(0, 256) : JSON.stringify(v ?? null).slice(0, 256),
      ]),
    ),
    reasons: f.reasons.map((r) => r.slice(0, 512)),
  }),
  (f) => ({
    ...f,
    context: {},
    title: f.title.slice(0, 256),
    value: f.value.slice(0, 1024),
    reasons: f.reasons.slice(0, 20),
    flags: f.flags.slice(0, 20).map((x) => x.slice(0, 128)),
    runbook: f.runbook?.slice(0, 1024) ?? null,
  }),
];

/** Trims a finding until a one-finding batch fits `limit`; null when even the barest form does not fit. */
export function fitFinding(finding: Finding, limit: number, source: string = AgentEvent.Source): Finding | null {
  const fits = (f: Finding): boolean =>
    entrySize(source, AgentEvent.Finding, batchDetail(findingGroupKey(f), 1, 1, [f])) <= limit;
  if (fits(finding)) return finding;
  let current = finding;
  for (const step of TRIM_STEPS) {
    current = step(current);
    const marked = current.flags.includes('evidence-trimmed')
      ? current
      : { ...current, flags: [...current.flags, 'evidence-trimmed'] };
    if (fits(marked)) return marked;
  }
  return null;
}

function batchDetail(groupKey: string, part: number, parts: number, findings: Finding[]): string {
  const batch: FindingBatch = { schemaVersion: 1, groupKey, part, parts, findings };
  return JSON.stringify(batch);
}

/** Plans the entries for some findings; findings that cannot fit even trimmed come back in `oversize`. */
export function planFindingEntries(
  findings: readonly Finding[],
  limit = MAX_ENTRY_BYTES,
  source: string = AgentEvent.Source,
): { entries: PlannedEntry[]; oversize: Finding[] } {
  const entries: PlannedEntry[] = [];
  const oversize: Finding[] = [];
  for (const [groupKey, group] of groupFindings(findings)) {
    // size of a part = its envelope (part numbers reserved at 5 digits) + the findings + commas
    const envelope = entrySize(source, AgentEvent.Finding, batchDetail(groupKey, 99999, 99999, []));
    const parts: Finding[][] = [];
    let current: Finding[] = [];
    let bytes = envelope;
    for (const original of group) {
      const finding = fitFinding(original, limit, source);
      if (finding === null) {
        oversize.push(original);
        continue;
      }
      const json = utf8(JSON.stringify(finding));
      let add = json + (current.length > 0 ? 1 : 0);
      if (current.length > 0 && bytes + add > limit) {
        parts.push(current);
        current = [];
        bytes = envelope;
        add = json;
      }
      bytes += add;
      current.push(finding);
    }
    if (current.length > 0) parts.push(current);
    parts.forEach((partFindings, i) => {
      const detail = batchDetail(groupKey, i + 1, parts.length, partFindings);
      entries.push({
        detailType: AgentEvent.Finding,
        detail,
        bytes: entrySize(source, AgentEvent.Finding, detail),
        findings: partFindings,
      });
    });
  }
  return { entries, oversize };
}

/** Packs entries into PutEvents calls of at most 10 entries and `limit` bytes in total. */
export function packCalls<T extends { bytes: number }>(entries: readonly T[], limit = MAX_ENTRY_BYTES): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length > 0 && (current.length >= MAX_ENTRIES_PER_CALL || bytes + entry.bytes > limit)) {
      calls.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
