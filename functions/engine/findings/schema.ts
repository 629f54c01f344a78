/**
 * The finding and alert schemas (versioned), validated at every boundary: agent → bus,
 * bus → aggregator, saved jsonl → report.
 * @module
 */
import { z } from 'zod';

/** Severity levels, lowest first. */
export const Severity = { Info: 'info', Low: 'low', Medium: 'medium', High: 'high', Critical: 'critical' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
/** Severities in ascending order. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Compares two severities: negative when `a` is lower. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** Finding kinds. */
export const FindingKind = { FirstSeen: 'first-seen', Rule: 'rule' } as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

/** The version written into every finding; bump on breaking changes and keep readers for the old one. */
export const FINDING_SCHEMA_VERSION = 1;

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time');

export const principalSchema = z.object({
  key: z.string().min(1),
  type: z.string().min(1),
  arn: z.string().nullable(),
  name: z.string().nullable(),
  accountId: z.string().nullable(),
});

export const evidenceSchema = z.object({
  eventIds: z.array(z.string()).max(50),
  sourceIps: z.array(z.string()).max(50),
  userAgents: z.array(z.string()).max(50),
  regions: z.array(z.string()).max(50),
  errorCodes: z.array(z.string()).max(50).default([]),
  /** A few raw records, trimmed (large payload fields cut); attacker-controlled content. */
  samples: z.array(z.record(z.string(), z.unknown())).max(10),
});

export const findingSchema = z.object({
  schemaVersion: z.literal(FINDING_SCHEMA_VERSION),
  id: z.string().regex(/^[0-9a-f]{16,64}$/),
  kind: z.enum(['first-seen', 'rule']),
  /** Rule id for `rule` findings, `first-seen.<dimension>` for first-seen ones. */
  detectorId: z.string().min(1),
  title: z.string().min(1),
  accountId: z.string().min(1),
  region: z.string().nullable(),
  principal: principalSchema,
  dimension: z.string().min(1),
  value: z.string(),
  /** Events behind the finding (distinct eventIDs). */
  count: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  firstEventTime: isoTime,
  lastEventTime: isoTime,
  window: z.object({ start: isoTime, end: isoTime }),
  evidence: evidenceSchema,
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  score: z.number().min(0).max(100),
  reasons: z.array(z.string()),
  mitre: z.object({ tactic: z.string(), technique: z.string() }).nullable().default(null),
  runbook: z.string().nullable().default(null),
  /** Marks such as `future-timestamp`, `service-call`, `suppressed:<reason>`. */
  flags: z.array(z.string()).default([]),
  /** Free-form context from rules (who did it to whom). Values are attacker-controlled strings. */
  context: z.record(z.string(), z.unknown()).default({}),
  detector: z.object({ name: z.literal('ct-anomaly'), version: z.string() }),
});

/** A finding: one anomaly of one principal in one account (a new action, or a rule match). */
export type Finding = z.infer<typeof findingSchema>;

/** Validates unknown input into a finding; never throws. */
export function parseFinding(input: unknown): { ok: true; finding: Finding } | { ok: false; reason: string } {
  const result = findingSchema.safeParse(input);
  if (result.success) return { ok: true, finding: result.data };
  const issue = result.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid finding' };
}
