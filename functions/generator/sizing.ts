/**
 * `--events N`: choose accounts, days and the activity multiplier so the output holds about N
 * events. Few accounts with busy days keep the number of delivery files (and the I/O) in check.
 * @module
 */
import { countRoutineEvents } from './org-model.js';
import type { GenerateOptions } from './options.js';

/** Events per account-day aimed at in `--events` mode before calibration. */
const TARGET_PER_ACCOUNT_DAY = 15_000;
/** Days used in `--events` mode when `--days` is not given (learning period plus a week). */
const EVENTS_MODE_DAYS = 21;

/** Which sizes the user fixed on the command line. */
export interface FixedSizes {
  accounts: boolean;
  days: boolean;
}

/** Returns options sized for about `target` events: two calibration passes over the routine behaviours. */
export function sizeForEvents(base: GenerateOptions, target: number, fixed: FixedSizes): GenerateOptions {
  const days = fixed.days ? base.days : Math.max(base.learningDays + 7, EVENTS_MODE_DAYS);
  const accounts = fixed.accounts
    ? base.accounts
    : Math.min(5000, Math.max(3, Math.round(target / (days * TARGET_PER_ACCOUNT_DAY))));
  let options: GenerateOptions = { ...base, days, accounts, activity: 1, targetEvents: target };
  for (let pass = 0; pass < 2; pass++) {
    // Seven days spread over the period, one per weekday, hold its rhythm and its late starters.
    const counted = Math.max(1, countRoutineEvents(options, 7));
    const activity = Math.min(1000, Math.max(0.01, options.activity * (target / counted)));
    options = { ...options, activity: Number(activity.toFixed(4)) };
  }
  return options;
}
