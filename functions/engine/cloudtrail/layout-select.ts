/**
 * Which parts of the S3 layout a run reads: accounts, regions and delivery days. The same selection
 * prunes an S3 listing before any object is fetched and the files of a local folder before staging,
 * from the folder names alone.
 * @module
 */
import type { Layout } from './layout.js';

const DAY = 86_400_000;

/** Accounts, regions and delivery days (`YYYY-MM-DD`, inclusive) to read; an absent field selects everything. */
export interface LayoutSelection {
  accounts?: readonly string[];
  regions?: readonly string[];
  fromDay?: string;
  toDay?: string;
}

/** Whether a file at this place of the layout is selected. */
export function selectsLayout(layout: Pick<Layout, 'accountId' | 'region' | 'date'>, s: LayoutSelection): boolean {
  if (s.accounts && !s.accounts.includes(layout.accountId)) return false;
  if (s.regions && !s.regions.includes(layout.region)) return false;
  if (s.fromDay !== undefined && layout.date < s.fromDay) return false;
  if (s.toDay !== undefined && layout.date > s.toDay) return false;
  return true;
}

/** Whether anything is selected at all (an empty selection reads everything). */
export function isSelective(s: LayoutSelection): boolean {
  return s.accounts !== undefined || s.regions !== undefined || s.fromDay !== undefined || s.toDay !== undefined;
}

/**
 * The delivery days that hold the events of [since - historyDays, until]: a file lands in the folder of
 * its delivery, minutes to hours after its events, so the last day is the day after `until`.
 */
export function deliveryDays(o: {
  since?: string;
  until?: string;
  historyDays: number;
}): Pick<LayoutSelection, 'fromDay' | 'toDay'> {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  return {
    ...(o.since !== undefined ? { fromDay: day(Date.parse(o.since) - o.historyDays * DAY) } : {}),
    ...(o.until !== undefined ? { toDay: day(Date.parse(o.until) + DAY) } : {}),
  };
}
