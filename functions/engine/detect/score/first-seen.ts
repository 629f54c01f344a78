/**
 * Scores the first-seen findings of one principal in one window. The seeds dropped fewer than five new
 * actions to "informational"; here each new action weighs by its sensitivity, and the window's other
 * new actions, the principal's identity type and history, refused calls and automation move it.
 * @module
 */
import { Dimension, type PrincipalRecord } from '../../baseline/index.js';
import type { ScoringConfig } from '../../config/index.js';
import { clampScore, type Finding, severityForScore } from '../../findings/index.js';
import { capitalize, describePrincipal, shortAction } from '../../rules/index.js';
import { automationReason, interactiveAutomation } from './automation.js';
import { FUTURE_STAMP_REASON, scoreNovelty } from './novelty.js';
import { describeSensitivity, type Sensitivity, sensitivityOf } from './sensitivity.js';

/** What scoring a principal's window needs beyond the findings. */
export interface FirstSeenScoreContext {
  principal: PrincipalRecord;
  /** Baseline entries the principal already had before this window. */
  knownValues: number;
  /** End of the window (ISO): the principal's age is measured up to it. */
  windowEnd: string;
  config: ScoringConfig;
}

const DAY_MS = 24 * 3600 * 1000;
const DENIED = /accessdenied|unauthorized|forbidden|notauthorized|dryrunoperation/i;

const IDENTITY_WEIGHT: Record<string, [number, string | null]> = {
  Root: [25, 'the root user acted: root can do anything and should almost never be used'],
  IAMUser: [6, 'an IAM user with long-lived credentials'],
  FederatedUser: [4, 'a federation token user (GetFederationToken), a known persistence trick'],
  AWSService: [-20, null],
  None: [5, 'the call carried no identity'],
  Unknown: [5, 'an unknown identity type'],
};

const deniedOnly = (f: Finding): boolean =>
  f.count > 0 && f.errorCount >= f.count && f.evidence.errorCodes.some((c) => DENIED.test(c));

function history(ctx: FirstSeenScoreContext): { days: number; words: string } {
  const days = Math.max(0, Math.floor((Date.parse(ctx.windowEnd) - Date.parse(ctx.principal.firstSeen)) / DAY_MS));
  return { days: Number.isFinite(days) ? days : 0, words: `${Number.isFinite(days) ? days : 0} days of history` };
}

function scoreOne(
  f: Finding,
  s: Sensitivity,
  window: Finding[],
  sens: Map<string, Sensitivity>,
  ctx: FirstSeenScoreContext,
): Finding {
  const reasons: string[] = [];
  const who = capitalize(describePrincipal(f.principal));
  const h = history(ctx);
  reasons.push(
    `${who} called ${shortAction(f.value)} for the first time in ${h.words}; it is ${describeSensitivity(s)}.`,
  );
  let score = 8 + s.score * 4.5;

  const [identityBonus, identityWords] = IDENTITY_WEIGHT[f.principal.type] ?? [0, null];
  score += identityBonus;
  if (identityWords !== null) reasons.push(`Identity: ${identityWords}.`);

  const others = window.filter((o) => o !== f);
  const otherWeight = others.reduce((sum, o) => sum + (sens.get(o.value)?.score ?? 0), 0);
  const sensitiveOthers = others.filter((o) => (sens.get(o.value)?.score ?? 0) >= 6);
  if (others.length > 0) {
    const bonus = Math.min(15, otherWeight / 3);
    score += bonus;
    if (bonus >= 3 || sensitiveOthers.length > 0) {
      const names = sensitiveOthers.map((o) => shortAction(o.value)).slice(0, 5);
      reasons.push(
        `${others.length} other new action${others.length > 1 ? 's' : ''} in the same window${names.length ? `, including ${names.join(', ')}` : ''}.`,
      );
    }
  }

  if (h.days >= 30 && ctx.knownValues >= 20) {
    score += 8;
    reasons.push(`A settled profile: ${ctx.knownValues} known actions over ${h.days} days make a change stand out.`);
  } else if (h.days < 7) {
    score -= 5;
    reasons.push(`A young principal (${h.days} days): new principals try many things.`);
  }

  const refused = window.filter(deniedOnly);
  if (deniedOnly(f)) {
    if (refused.length >= 3) {
      score += 12;
      reasons.push(
        `AWS refused ${refused.length} new actions in this window (${[...new Set(refused.flatMap((r) => r.evidence.errorCodes))].slice(0, 3).join(', ')}): a reconnaissance pattern.`,
      );
    } else {
      score -= 5;
      reasons.push(`AWS refused the call (${f.evidence.errorCodes.join(', ')}): nothing changed.`);
    }
  }

  const automation = automationReason(f, ctx.config);
  if (automation !== null) {
    score *= ctx.config.automation.dampening;
    reasons.push(`Dampened: ${automation}.`);
  } else {
    const interactive = interactiveAutomation(f, ctx.config);
    if (interactive !== null) reasons.push(`${capitalize(interactive)}.`);
  }
  if (f.flags.includes('future-timestamp')) reasons.push(FUTURE_STAMP_REASON);
  if (f.flags.includes('service-call')) {
    score *= 0.5;
    reasons.push("Dampened: an AWS service made the call on the principal's behalf.");
  }

  const final = clampScore(score);
  return { ...f, score: final, severity: severityForScore(final, ctx.config.severityThresholds), reasons };
}

/**
 * Scores the first-seen findings of ONE principal in ONE window (built with severity 'info', score 0).
 * @example
 * const scored = scoreFirstSeen(findings, { principal, knownValues: 42, windowEnd: window.end, config: config.scoring });
 */
export function scoreFirstSeen(findings: Finding[], ctx: FirstSeenScoreContext): Finding[] {
  const actions = findings.filter((f) => f.dimension === Dimension.Action);
  const sens = new Map(actions.map((f) => [f.value, sensitivityOf(f.value, ctx.config)]));
  const scored = actions.map((f) =>
    scoreOne(f, sens.get(f.value) ?? sensitivityOf(f.value, ctx.config), actions, sens, ctx),
  );
  const others = findings.filter((f) => f.dimension !== Dimension.Action);
  const novelty = scoreNovelty(others, actions, ctx);
  return findings.map((f) => scored[actions.indexOf(f)] ?? novelty[others.indexOf(f)]!);
}
