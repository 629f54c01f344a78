/**
 * Fewer records for the window rules, with the same findings and states. A window rule that declares every
 * record field its `observe` reads (`reads`) observes the same thing in calls that agree on those fields (and
 * on the fields the prefilter reads): a source can show it one call of each distinct combination (a sample)
 * and ask which of the others it needs.
 *
 * - Calls that give no observation change nothing: none is needed.
 * - An actor whose distinct targets, in this run and in its remembered state, are fewer than its threshold
 *   cannot burst. Its state keeps only its calls within the span and the late allowance before its last one
 *   (`pruneState`): the calls before that, less a margin of two minutes for the per-minute compaction and the
 *   source's clock, are not needed.
 * - Any other actor needs every call, and so does a combination its rule fails on, counts call by call
 *   (`countsCalls`), or that a rule declaring nothing fetches (the prefilter's fields are part of the key: every call
 *   of a combination goes to the same rules).
 *
 * A call feeds every actor its rule gives it, so a combination's calls are needed from the earliest cut-off of
 * its actors. Only the local source thins (its candidate records are most of a scan's cost on chatty instance
 * roles: docs/performance.md); the agent's Athena queries fetch every call as before.
 * @module
 */
import { candidateDispatch, PREFILTER_FIELDS, type ThinSample } from '../../activity/index.js';
import { isWindowRule, type Observation, type Rule, type RuleContext, type WindowRule } from '../types.js';
import { observationsOf, spansOf } from './evaluate.js';
import { type WindowState, windowStateKey } from './state.js';

/** What the rules need of an account's samples: the states to read, then each combination's cut-off. */
export interface ThinPlan {
  /** Window-rule state keys of the samples' actors (load them before `cutoffs`). */
  stateKeys: string[];
  /**
   * By sample key, the time (epoch ms) before which the combination's calls are not needed: `-Infinity` for every
   * call, `Infinity` for none.
   */
  cutoffs(states: ReadonlyMap<string, WindowState>): Map<string, number>;
}

/** Two minutes: the per-minute compaction of remembered calls and the source's clock (ms, not µs). */
const MARGIN_MS = 120_000;

const declaresReads = (rule: WindowRule): boolean => rule.reads !== undefined && rule.reads.length > 0;

/** The window rules that declare what they read: the ones a source may thin. */
export function thinnableRules(rules: readonly WindowRule[]): WindowRule[] {
  return rules.filter(declaresReads);
}

/** The paths a combination is keyed on: what the thinnable rules read and what their prefilters read, sorted. */
export function thinPaths(rules: readonly WindowRule[]): string[] {
  return [
    ...new Set([
      ...PREFILTER_FIELDS.map(([path]) => path),
      ...thinnableRules(rules).flatMap((rule) => rule.reads ?? []),
    ]),
  ].sort();
}

interface ActorSeen {
  rule: WindowRule;
  actor: string;
  targets: Set<string>;
  lastMs: number;
  keys: string[];
}

/** Plans the thinning of one account's samples over all the rules in force (see the module's description). */
export function planThinning(samples: readonly ThinSample[], rules: readonly Rule[], ctx: RuleContext): ThinPlan {
  const dispatch = candidateDispatch(rules.map((rule) => rule.prefilter));
  const actors = new Map<string, ActorSeen>();
  const keepAll = new Set<string>();
  for (const sample of samples) {
    for (const i of dispatch(sample.record)) {
      const rule = rules[i]!;
      if (!isWindowRule(rule) || !declaresReads(rule)) {
        keepAll.add(sample.key); // a rule that cannot be thinned fetches these calls: every one is handed over
        continue;
      }
      let seen: Observation | readonly Observation[] | null;
      try {
        if (rule.countsCalls?.(sample.record) === true) {
          keepAll.add(sample.key); // each call is a target of its own: the combination's one sample cannot stand for them
          continue;
        }
        seen = rule.observe(sample.record, ctx);
      } catch {
        keepAll.add(sample.key); // every call reports the rule's error, as without thinning
        continue;
      }
      for (const o of observationsOf(seen)) {
        const stateKey = windowStateKey(rule.id, o.actor);
        const a = actors.get(stateKey) ?? {
          rule,
          actor: o.actor,
          targets: new Set<string>(),
          lastMs: Number.NEGATIVE_INFINITY,
          keys: [],
        };
        for (const t of o.targets) a.targets.add(t);
        a.lastMs = Math.max(a.lastMs, sample.lastMs);
        a.keys.push(sample.key);
        actors.set(stateKey, a);
      }
    }
  }
  return {
    stateKeys: [...actors.keys()],
    cutoffs: (states) => {
      const out = new Map<string, number>(samples.map((s) => [s.key, Number.POSITIVE_INFINITY]));
      for (const key of keepAll) out.set(key, Number.NEGATIVE_INFINITY);
      for (const [stateKey, a] of actors) {
        const targets = new Set(a.targets);
        for (const o of states.get(stateKey)?.observations ?? []) for (const t of o.targets) targets.add(t);
        let threshold: number;
        try {
          threshold = Math.max(1, a.rule.threshold(a.actor, ctx));
        } catch {
          threshold = 0; // the evaluation reports the error: every call, as without thinning
        }
        const cutoff =
          targets.size < threshold
            ? Math.floor((a.lastMs - spansOf(a.rule, ctx).keepMs) / 60_000) * 60_000 - MARGIN_MS
            : Number.NEGATIVE_INFINITY;
        for (const key of a.keys) out.set(key, Math.min(out.get(key) ?? Number.POSITIVE_INFINITY, cutoff));
      }
      return out;
    },
  };
}
