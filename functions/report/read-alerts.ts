/** Reads saved alerts (one JSON alert per line, as the scan writes them): valid lines kept, the rest counted with a reason. */
import { alertSchema } from '../engine/findings/index.js';
import type { Alert } from '../engine/findings/index.js';
import type { ReportSource } from './types.js';

/** The outcome of one line: an alert, a reason it is not one, or nothing (a blank line). */
export type AlertLine = { ok: true; alert: Alert } | { ok: false; reason: string } | null;

/** Parses and validates one jsonl line; never throws. */
export function parseAlertLine(line: string): AlertLine {
  const text = line.replace(/^\uFEFF/, '').trim();
  if (text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const hint =
      text.startsWith('[') || text.startsWith('{"Records"')
        ? ' (one alert per line expected, not a JSON array or a CloudTrail file)'
        : '';
    return { ok: false, reason: `not JSON${hint}` };
  }
  const result = alertSchema.safeParse(value);
  if (result.success) return { ok: true, alert: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: issue ? `not an alert: ${issue.path.join('.') || '(root)'}: ${issue.message}` : 'not an alert',
  };
}

export interface ReadAlertsOptions {
  /** Problems kept with their line number (all are counted). */
  maxProblems?: number;
}

/** Reads every line; keeps the alerts, counts the rest and keeps the first problems with their line numbers. */
export async function readAlerts(
  lines: AsyncIterable<string> | Iterable<string>,
  path: string,
  options: ReadAlertsOptions = {},
): Promise<{ alerts: Alert[]; source: ReportSource }> {
  const maxProblems = options.maxProblems ?? 20;
  const alerts: Alert[] = [];
  const source: ReportSource = { path, lines: 0, skipped: 0, problems: [] };
  for await (const line of lines) {
    source.lines += 1;
    const parsed = parseAlertLine(line);
    if (parsed === null) continue;
    if (parsed.ok) {
      alerts.push(parsed.alert);
      continue;
    }
    source.skipped += 1;
    if (source.problems.length < maxProblems) source.problems.push({ line: source.lines, reason: parsed.reason });
  }
  return { alerts, source };
}
