/**
 * The Lambda time budget: stop starting windows when too little time is left. Windows already
 * processed have committed their checkpoint, so the next run resumes exactly where this one stopped.
 * @module
 */
import type { ActivityQuery, ActivitySource, WindowActivity } from '../engine/activity/index.js';

/** Thrown (and caught by the agent) when the budget ran out before a window could start. */
export class TimeBudgetExhausted extends Error {
  constructor(
    readonly nextWindow: string,
    readonly remainingMs: number,
  ) {
    super(`time budget exhausted before window ${nextWindow} (${remainingMs} ms left): the next run resumes there`);
    this.name = 'TimeBudgetExhausted';
  }
}

/** Wraps a source so that no window starts with less than `reserveMs` of the invocation left. */
export function budgetedSource(source: ActivitySource, remainingMs: () => number, reserveMs: number): ActivitySource {
  return {
    async *windows(query: ActivityQuery): AsyncIterable<WindowActivity> {
      for await (const window of source.windows(query)) {
        const left = remainingMs();
        if (left < reserveMs) throw new TimeBudgetExhausted(window.window.start, left);
        yield window;
      }
    },
  };
}
