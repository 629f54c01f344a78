/**
 * The alert: what the aggregator emits after dedup, grouping, correlation and scoring. One alert
 * groups one principal's new behaviour in one window, or one rule match, or one cross-account incident.
 * @module
 */
import { z } from 'zod';
import { findingSchema, principalSchema } from './schema.js';

export const ALERT_SCHEMA_VERSION = 1;

export const AlertKind = { FirstSeen: 'first-seen', Rule: 'rule', Incident: 'incident', Health: 'health' } as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

export const alertSchema = z.object({
  schemaVersion: z.literal(ALERT_SCHEMA_VERSION),
  id: z.string().regex(/^[0-9a-f]{16,64}$/),
  kind: z.enum(['first-seen', 'rule', 'incident', 'health']),
  title: z.string().min(1),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  score: z.number().min(0).max(100),
  /** Why, in words an analyst reads at 3 a.m. */
  reasons: z.array(z.string()),
  accounts: z.array(z.string()).min(1),
  principals: z.array(principalSchema),
  firstEventTime: z.string(),
  lastEventTime: z.string(),
  /** The findings behind the alert (each with its evidence). */
  findings: z.array(findingSchema),
  /** The distinct values (e.g. the new actions) listed for the reader. */
  values: z.array(z.string()),
  /** Suppressed alerts are kept and counted, never silently dropped. */
  suppressed: z.object({ reason: z.string(), by: z.string() }).nullable().default(null),
  createdAt: z.string(),
});

/** An alert, as sinks receive it. */
export type Alert = z.infer<typeof alertSchema>;
