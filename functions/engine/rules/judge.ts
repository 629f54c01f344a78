/**
 * Runs one rule: applies the rule's outcome policy (successful calls only, unless the rule looks at
 * every call), calls its `match` and presentation hooks, and turns anything a rule throws into
 * "no match" plus a counted error.
 * @module
 */
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import { SEVERITIES, type Severity } from '../findings/index.js';
import { succeeded, text } from './fields.js';
import { type RecordRule, type RuleContext, RuleOutcome } from './types.js';

/** A record rule's verdict on one record, with its presentation resolved. */
export interface RecordHit {
  record: CloudTrailRecord;
  title: string;
  severity: Severity;
  dedupe: string;
  context: Record<string, unknown>;
}

/** What went wrong inside a rule (a bug in the rule, never the record's fault). */
export interface RuleError {
  ruleId: string;
  eventId: string | null;
  message: string;
}

function safe<T>(fn: () => T, fallback: T, onError: (e: unknown) => void): T {
  try {
    return fn();
  } catch (e) {
    onError(e);
    return fallback;
  }
}

/** Judges one record; null when the rule does not match (or threw, reported through `onError`). */
export function judgeRecord(
  rule: RecordRule,
  record: CloudTrailRecord,
  ctx: RuleContext,
  onError: (error: RuleError) => void = () => {},
): RecordHit | null {
  const report = (e: unknown): void =>
    onError({ ruleId: rule.id, eventId: record.eventID ?? null, message: e instanceof Error ? e.message : String(e) });
  if ((rule.outcome ?? RuleOutcome.Success) === RuleOutcome.Success && !succeeded(record)) return null;
  if (!safe(() => rule.match(record, ctx) === true, false, report)) return null;

  const baseTitle = safe(() => rule.titleOf?.(record, ctx) ?? rule.title, rule.title, report) || rule.title;
  const override = ctx.severityOverrides?.[rule.id];
  const ruled = override ?? safe(() => rule.severityOf?.(record, ctx) ?? rule.severity, rule.severity, report);
  const severity = SEVERITIES.includes(ruled) ? ruled : rule.severity;
  const custom = safe(() => rule.dedupe?.(record, ctx), undefined, report);
  const dedupe =
    typeof custom === 'string' && custom !== ''
      ? custom
      : (text(record, 'eventID', 'requestID') ?? JSON.stringify(record).slice(0, 512));
  const context = safe(() => rule.context?.(record, ctx) ?? {}, {}, report);
  return { record, title: baseTitle, severity, dedupe, context };
}
