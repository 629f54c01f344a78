/** How a hunt prints: a time-ordered table on a terminal, one JSON object per event otherwise. */
import type { TrailEvent } from '../../engine/hunt/index.js';
import { safeText } from '../scan/output.js';

/** The marks of an event in words: first-seen, new principal, rules, alerts. */
export function marksOf(e: TrailEvent): string[] {
  return [
    ...(e.newPrincipal ? ['new-principal'] : []),
    ...(e.firstSeen ? ['first-seen'] : []),
    ...e.rules.map((r) => `rule:${r.replace(/^aws\./, '')}`),
    ...e.alerts.map((a) => `alert:${a.slice(0, 12)}`),
  ];
}

/** The trail as a table: one line per event, then its marks. */
export function formatTrailTable(events: readonly TrailEvent[]): string {
  if (events.length === 0) return 'No matching event.\n';
  const lines = [
    `${'TIME (UTC)'.padEnd(20)} ${'ACCOUNT'.padEnd(12)} ${'REGION'.padEnd(14)} ${'WHO'.padEnd(32)} ${'ACTION'.padEnd(34)} ${'FROM'.padEnd(16)} KEY`,
  ];
  for (const e of events) {
    const who = safeText(e.principal.name ?? e.principal.key, 32);
    const action = safeText(`${e.action.replace('.amazonaws.com', '')}${e.errorCode ? ` (${e.errorCode})` : ''}`, 34);
    lines.push(
      `${e.time.slice(0, 19).replace('T', ' ').padEnd(20)} ${e.accountId.padEnd(12)} ${(e.region ?? '-').padEnd(14)} ${who.padEnd(32)} ${action.padEnd(34)} ${safeText(e.sourceIp ?? '-', 16).padEnd(16)} ${safeText(e.accessKeyId ?? '-', 24)}`,
    );
    const marks = marksOf(e);
    if (marks.length > 0) lines.push(`${' '.repeat(21)}${safeText(marks.join('  '), 200)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One JSON object per event (the raw record included). */
export function formatTrailJsonl(events: readonly TrailEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : '');
}
