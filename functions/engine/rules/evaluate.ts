/** Runs the rules over the candidate records of one account and window. */
import { type CandidateFilter, candidateDispatch, type Window } from '../activity/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Finding } from '../findings/index.js';
import { buildRuleFinding, DEFAULT_DETECTOR_VERSION, type HitPresentation } from './finding.js';
import { judgeRecord, type RecordHit, type RuleError } from './judge.js';
import { isWindowRule, type RecordRule, type Rule, type RuleContext, type WindowRule } from './types.js';
import {
  evaluateWindowRules,
  observeWindow,
  type WindowObservations,
  type WindowState,
  windowStateKeys,
} from './window/index.js';

/** What the rules were given: one window's candidates, and the window rules' state of the actors in them. */
export interface RuleInput {
  accountId: string;
  window: Window;
  records: readonly CloudTrailRecord[];
  /** Window-rule states by key (see `windowStateKeys`); absent: nothing remembered. */
  states?: ReadonlyMap<string, WindowState>;
}

/** Findings, the window-rule states to store, and the rule errors met on the way (counted, never fatal). */
export interface RuleEvaluation {
  findings: Finding[];
  states: WindowState[];
  errors: RuleError[];
}

/** The union of the rules' prefilters: what an activity source must fetch as candidates. */
export function candidateFilterOf(rules: readonly Rule[]): CandidateFilter {
  return rules.flatMap((rule) => rule.prefilter);
}

function mergeHits(hits: RecordHit[]): Array<{ records: CloudTrailRecord[]; hit: HitPresentation }> {
  const byKey = new Map<string, { records: CloudTrailRecord[]; hit: HitPresentation }>();
  for (const h of hits) {
    const existing = byKey.get(h.dedupe);
    if (existing) existing.records.push(h.record);
    else byKey.set(h.dedupe, { records: [h.record], hit: h });
  }
  return [...byKey.values()];
}

/**
 * One window's candidates, observed once by the window rules: the state keys they touch (load them), then
 * the evaluation with those states. Observing is the costliest part of the window rules.
 */
export interface PreparedWindow {
  stateKeys: string[];
  evaluate(input: Omit<RuleInput, 'records'>): RuleEvaluation;
}

/** The rules split by kind, with the dispatch of records to the rules whose prefilter they match. */
interface RuleSet {
  /** The record rules and the window rules, each with its position in the rules list. */
  recordRules: Array<[RecordRule, number]>;
  windowRules: Array<[WindowRule, number]>;
  /** By position in the rules list, each rule's records among `records`, in their order (as `matchesCandidate` selects them). */
  split(records: readonly CloudTrailRecord[]): CloudTrailRecord[][];
}

const ruleSets = new WeakMap<readonly Rule[], RuleSet>();

/** Compiled once per rules list: a window is dispatched record by record, not rule by rule over every record. */
function ruleSetOf(rules: readonly Rule[]): RuleSet {
  let set = ruleSets.get(rules);
  if (set === undefined) {
    const dispatch = candidateDispatch(rules.map((rule) => rule.prefilter));
    set = {
      recordRules: rules.flatMap((rule, i) => (isWindowRule(rule) ? [] : [[rule, i] as [RecordRule, number]])),
      windowRules: rules.flatMap((rule, i) => (isWindowRule(rule) ? [[rule, i] as [WindowRule, number]] : [])),
      split: (records) => {
        const out: CloudTrailRecord[][] = rules.map(() => []);
        for (const record of records) for (const i of dispatch(record)) out[i]!.push(record);
        return out;
      },
    };
    ruleSets.set(rules, set);
  }
  return set;
}

/** Prepares the rules over one window's candidate records (see {@link PreparedWindow}). */
export function prepareRules(
  records: readonly CloudTrailRecord[],
  rules: readonly Rule[],
  ctx: RuleContext,
): PreparedWindow {
  const valid = records.filter((r) => r !== null && typeof r === 'object');
  const set = ruleSetOf(rules);
  // Each rule sees only the records its prefilter fetches, as the activity sources select them.
  const fetched = set.split(valid);
  const windowRules = set.windowRules.map(([rule]) => rule);
  const observed: WindowObservations = new Map(
    set.windowRules.flatMap(([rule, i]) => [...observeWindow(fetched[i]!, [rule], ctx)]),
  );
  return {
    stateKeys: windowStateKeys(valid, windowRules, ctx, observed),
    evaluate: (input) => {
      const findings: Finding[] = [];
      const errors: RuleError[] = [];
      const onError = (e: RuleError): void => void errors.push(e);
      const version = ctx.detectorVersion ?? DEFAULT_DETECTOR_VERSION;
      for (const [rule, i] of set.recordRules) {
        const hits = fetched[i]!.map((r) => judgeRecord(rule, r, ctx, onError)).filter(
          (h): h is RecordHit => h !== null,
        );
        for (const group of mergeHits(hits))
          findings.push(buildRuleFinding(rule, input, group.records, group.hit, version));
      }
      const windowed = evaluateWindowRules(
        { accountId: input.accountId, window: input.window, records: valid, states: input.states ?? new Map() },
        windowRules,
        ctx,
        version,
        observed,
      );
      findings.push(...windowed.findings);
      errors.push(...windowed.errors);
      return { findings, states: windowed.states, errors };
    },
  };
}

/** Runs every rule and reports the errors of misbehaving rules alongside the findings. */
export function evaluateRulesDetailed(input: RuleInput, rules: readonly Rule[], ctx: RuleContext): RuleEvaluation {
  return prepareRules(input.records, rules, ctx).evaluate(input);
}

/**
 * Runs the rules over the candidate records of one account and window; returns fully formed rule findings.
 * @example
 * const findings = evaluateRules({ accountId, window, records: activity.candidates }, RULES, { organizationAccountIds: null });
 */
export function evaluateRules(input: RuleInput, rules: readonly Rule[], ctx: RuleContext): Finding[] {
  return evaluateRulesDetailed(input, rules, ctx).findings;
}
