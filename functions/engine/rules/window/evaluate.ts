/**
 * Runs the window rules over one window's candidate records with what each actor's state remembers of
 * earlier windows and runs: new calls are merged in, bursts judged on the sliding span, new bursts
 * reported once (a burst already reported, or one starting within a span of it, is not reported again).
 * @module
 */
import type { Window } from '../../activity/index.js';
import type { CloudTrailRecord } from '../../cloudtrail/index.js';
import type { Finding } from '../../findings/index.js';
import { buildRuleFinding } from '../finding.js';
import type { RuleError } from '../judge.js';
import {
  type Burst,
  type BurstPresentation,
  DEFAULT_BURST_SETTINGS,
  type Observation,
  type RuleContext,
  type WindowHit,
  type WindowRule,
} from '../types.js';
import { burstStarts, spanOf } from './slide.js';
import { mergeObservations, pruneState, type StoredObservation, type WindowState, windowStateKey } from './state.js';

/** One window's input. */
export interface WindowRuleInput {
  accountId: string;
  window: Window;
  /** The window's candidate records. */
  records: readonly CloudTrailRecord[];
  /** The states of the keys `windowStateKeys` named (absent: nothing remembered). */
  states: ReadonlyMap<string, WindowState>;
}

/** What the window rules made of a window. */
export interface WindowRuleOutput {
  findings: Finding[];
  hits: WindowHit[];
  /** States to store (every actor the window touched). */
  states: WindowState[];
  errors: RuleError[];
}

interface Fresh {
  observations: StoredObservation[];
  records: Map<string, CloudTrailRecord>;
}

const eventIdOf = (r: CloudTrailRecord): string =>
  (typeof r.eventID === 'string' && r.eventID) ||
  (typeof r.requestID === 'string' && r.requestID) ||
  JSON.stringify(r).slice(0, 200);

/**
 * What a rule's `observe` returned, as a list of the observations that name an actor: targets distinct, non-empty
 * strings, sorted; flags distinct, sorted.
 */
export function observationsOf(
  seen: Observation | readonly Observation[] | null,
): Array<{ actor: string; targets: string[]; flags: string[] }> {
  const list: readonly Observation[] = seen === null ? [] : Array.isArray(seen) ? seen : [seen as Observation];
  return list
    .filter((o) => typeof o?.actor === 'string' && o.actor !== '')
    .map((o) => ({
      actor: o.actor,
      targets: [
        ...new Set((o.targets ?? []).filter((x: unknown): x is string => typeof x === 'string' && x !== '')),
      ].sort(),
      flags: [...new Set<string>(o.flags ?? [])].sort(),
    }));
}

/** The span of a rule in ms and how long its state is kept. */
export function spansOf(rule: WindowRule, ctx: RuleContext): { spanMs: number; keepMs: number } {
  const b = ctx.burst ?? DEFAULT_BURST_SETTINGS;
  const spanMs = (b.perRule[rule.id] ?? b.minutes) * 60_000;
  return { spanMs, keepMs: spanMs + b.lateMinutes * 60_000 };
}

function observe(
  rule: WindowRule,
  records: readonly CloudTrailRecord[],
  ctx: RuleContext,
  errors: RuleError[],
): Map<string, Fresh> {
  const byActor = new Map<string, Fresh>();
  for (const record of records) {
    const t = Date.parse(String(record.eventTime ?? ''));
    if (Number.isNaN(t)) continue;
    let seen: Observation | readonly Observation[] | null;
    try {
      seen = rule.observe(record, ctx);
    } catch (error) {
      errors.push({
        ruleId: rule.id,
        eventId: record.eventID ?? null,
        message: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    const id = eventIdOf(record);
    for (const o of observationsOf(seen)) {
      const fresh: Fresh = byActor.get(o.actor) ?? { observations: [], records: new Map() };
      fresh.observations.push({ t, id, targets: o.targets, flags: o.flags });
      fresh.records.set(id, record);
      byActor.set(o.actor, fresh);
    }
  }
  return byActor;
}

/** What every window rule observed in one window's records, by rule id (see {@link observeWindow}). */
export type WindowObservations = ReadonlyMap<string, { byActor: Map<string, Fresh>; errors: RuleError[] }>;

/**
 * Runs each window rule's `observe` over the records once; the state keys and the evaluation both read the
 * result, so a window's candidates are observed once, not twice.
 */
export function observeWindow(
  records: readonly CloudTrailRecord[],
  rules: readonly WindowRule[],
  ctx: RuleContext,
): WindowObservations {
  const out = new Map<string, { byActor: Map<string, Fresh>; errors: RuleError[] }>();
  for (const rule of rules) {
    const errors: RuleError[] = [];
    out.set(rule.id, { byActor: observe(rule, records, ctx, errors), errors });
  }
  return out;
}

/** The state keys the records touch (load them before {@link evaluateWindowRules}). */
export function windowStateKeys(
  records: readonly CloudTrailRecord[],
  rules: readonly WindowRule[],
  ctx: RuleContext,
  observed: WindowObservations = observeWindow(records, rules, ctx),
): string[] {
  const keys = new Set<string>();
  for (const rule of rules)
    for (const actor of observed.get(rule.id)?.byActor.keys() ?? []) keys.add(windowStateKey(rule.id, actor));
  return [...keys];
}

function burstOf(
  actor: string,
  span: StoredObservation[],
  trigger: StoredObservation,
  records: CloudTrailRecord[],
): Burst {
  const targets: string[] = [];
  const flags: Record<string, number> = {};
  const flagLast: Record<string, string> = {};
  for (const o of span) {
    for (const t of o.targets) if (!targets.includes(t)) targets.push(t);
    for (const f of o.flags) {
      flags[f] = (flags[f] ?? 0) + 1;
      flagLast[f] = new Date(o.t).toISOString();
    }
  }
  return {
    actor,
    targets,
    calls: span.length,
    flags,
    flagLast,
    firstEventTime: new Date(span[0]!.t).toISOString(),
    triggerTime: new Date(trigger.t).toISOString(),
    triggerEventId: trigger.id,
    eventIds: span.slice(0, 50).map((o) => o.id),
    records,
  };
}

/** Runs every window rule over one window; returns findings and the states to store. */
export function evaluateWindowRules(
  input: WindowRuleInput,
  rules: readonly WindowRule[],
  ctx: RuleContext,
  detectorVersion: string,
  observed: WindowObservations = observeWindow(input.records, rules, ctx),
): WindowRuleOutput {
  const out: WindowRuleOutput = { findings: [], hits: [], states: [], errors: [] };
  for (const rule of rules) {
    const { spanMs, keepMs } = spansOf(rule, ctx);
    const seen = observed.get(rule.id) ?? { byActor: new Map<string, Fresh>(), errors: [] };
    out.errors.push(...seen.errors);
    for (const [actor, fresh] of seen.byActor) {
      const key = windowStateKey(rule.id, actor);
      const prior = input.states.get(key) ?? {
        key,
        since: Number.NEGATIVE_INFINITY,
        observations: [],
        reported: [],
        expiresAt: '',
      };
      const observations = mergeObservations(prior.observations, fresh.observations);
      const reported = [...prior.reported];
      let threshold: number;
      try {
        threshold = Math.max(1, rule.threshold(actor, ctx));
      } catch (error) {
        out.errors.push({
          ruleId: rule.id,
          eventId: null,
          message: error instanceof Error ? error.message : String(error),
        });
        continue;
      }
      for (const index of burstStarts(observations, threshold, spanMs)) {
        const trigger = observations[index]!;
        if (trigger.t < prior.since + spanMs) continue; // the span reaches before what is remembered
        if (reported.some((r) => r.id === trigger.id || Math.abs(r.t - trigger.t) < spanMs)) continue;
        const span = spanOf(observations, index, spanMs);
        const ids = new Set(span.map((o) => o.id));
        const inSpan = [...fresh.records.entries()].filter(([id]) => ids.has(id)).map(([, r]) => r);
        const burst = burstOf(actor, span, trigger, inSpan.length > 0 ? inSpan : [...fresh.records.values()]);
        let shown: BurstPresentation | null;
        try {
          shown = rule.present(burst, ctx);
        } catch (error) {
          out.errors.push({
            ruleId: rule.id,
            eventId: trigger.id,
            message: error instanceof Error ? error.message : String(error),
          });
          continue;
        }
        reported.push({ t: trigger.t, id: trigger.id });
        if (shown === null) continue;
        const severity = ctx.severityOverrides?.[rule.id] ?? shown.severity ?? rule.severity;
        out.hits.push({ burst, presentation: shown });
        out.findings.push(
          buildRuleFinding(
            rule,
            input,
            burst.records,
            { title: shown.title, severity, dedupe: `${actor}|${trigger.id}`, context: shown.context ?? {} },
            detectorVersion,
          ),
        );
      }
      out.states.push(pruneState({ key, since: prior.since, observations, reported, expiresAt: '' }, keepMs));
    }
  }
  return out;
}
