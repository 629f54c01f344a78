/** Small wording helpers for titles and reasons (plain text; sinks escape it for their format). */

/** `iam.amazonaws.com:CreateUser` -> `iam:CreateUser`. */
export function shortAction(action: string): string {
  return action.replace(/\.amazonaws\.com:/, ':');
}

/** Lists items, at most `max`, then "and N more". */
export function listOf(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** "1 account" / "3 accounts". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A human duration between two ISO times ("45 min", "3 h", "2 days"). */
export function span(fromIso: string, toIso: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));
  if (minutes < 120) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} days`;
}
