/**
 * All injections of one organization, planned before any routine event is written: the records
 * (with their delivery quirks) and the ground truth describing them.
 * @module
 */
import type { TruthEntry } from '../ground-truth.js';
import { injectFirstSeen } from './first-seen.js';
import { injectIncident } from './incident.js';
import { injectIntrusion } from './intrusion.js';
import { type InjectionContext, InjectionKit, type PlannedRecord } from './kit.js';
import { injectDuringLearning } from './learning.js';
import { injectNovelty } from './novelty.js';
import { injectExposureRules } from './rules-exposure.js';
import { injectIdentityRules } from './rules-identity.js';
import { injectLoggingRules } from './rules-logging.js';

/** The injected records and their ground truth (ids are assigned when the file is written). */
export interface InjectionPlan {
  records: PlannedRecord[];
  truth: Array<Omit<TruthEntry, 'id'>>;
}

/** Plans every injection; records outside the period are dropped with their entries kept consistent. */
export function planInjections(ctx: InjectionContext): InjectionPlan {
  const kit = new InjectionKit(ctx);
  if (ctx.options.intrusionDay !== undefined) {
    // An incident-response export: routine activity and one intrusion, nothing else planted.
    injectIntrusion(kit, ctx.options.intrusionDay);
    return { records: kit.records.filter((r) => r.day >= 0 && r.day < ctx.options.days), truth: kit.entries() };
  }
  injectFirstSeen(kit);
  injectDuringLearning(kit);
  injectIncident(kit);
  injectLoggingRules(kit);
  injectIdentityRules(kit);
  injectExposureRules(kit);
  injectNovelty(kit);
  return { records: kit.records.filter((r) => r.day >= 0 && r.day < ctx.options.days), truth: kit.entries() };
}
