/**
 * An activity source cut at `--until`: what happened after it is ignored. Windows starting at or after
 * it are dropped, and in the window that straddles it the rows whose events all came later and the
 * candidate records stamped later (a row mixing both sides stays: activity is folded per window).
 * @module
 */
import type { ActivityQuery, ActivitySource, WindowActivity } from '../engine/activity/index.js';

/** `source` without what happened at or after `until` (ISO). */
export function untilSource(source: ActivitySource, until: string): ActivitySource {
  return {
    async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
      // No thinning: its cut-offs are reckoned from the latest calls staged, which may lie after `until`.
      const { thin: _thin, ...whole } = query;
      for await (const w of source.windows(whole)) {
        if (w.window.start >= until) continue;
        if (w.window.end <= until) {
          yield w;
          continue;
        }
        yield {
          ...w,
          rows: w.rows.filter((r) => r.firstEventTime < until),
          candidates: w.candidates.filter(
            (c) => typeof c.eventTime !== 'string' || Date.parse(c.eventTime) < Date.parse(until),
          ),
        };
      }
    },
  };
}
