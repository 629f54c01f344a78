/**
 * Scores what is new about WHERE FROM and WITH WHAT a principal called in one window (network, client,
 * region, refusals, network+client), together: stolen credentials mostly repeat the victim's own actions
 * from another network with another client. A workload's network is stable, so a new one weighs high;
 * a person roams, so a new network alone weighs little, and much more with a new client or region.
 * @module
 */
import type { PrincipalRecord } from '../../baseline/index.js';
import { Dimension } from '../../baseline/index.js';
import type { ScoringConfig } from '../../config/index.js';
import { clampScore, type Finding, severityForScore } from '../../findings/index.js';
import { isPerson } from '../../dimensions/index.js';
import { shortAction } from '../../rules/index.js';

/** What scoring one principal's window needs. */
export interface NoveltyContext {
  principal: PrincipalRecord;
  windowEnd: string;
  config: ScoringConfig;
}

const DAY_MS = 86_400_000;
const label = (f: Finding): string => (typeof f.context.label === 'string' ? f.context.label : f.value);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Said of a finding whose records are stamped in the future (past their delivery, or now): they are read as
 * of now, so whatever the baseline has forgotten by then (a scan of an old export) reads as new.
 */
export const FUTURE_STAMP_REASON =
  'Its record is stamped in the future (a skewed clock or a forged record): it is read as of now, so history forgotten by then reads as new.';

/** Scores the dimension findings of ONE principal in ONE window; `actions` are its new-action findings. */
export function scoreNovelty(dims: Finding[], actions: readonly Finding[], ctx: NoveltyContext): Finding[] {
  if (dims.length === 0) return [];
  const cfg = ctx.config.novelty;
  const of = (d: string): Finding | undefined => dims.find((f) => f.dimension === d);
  const network = of(Dimension.Network);
  const client = of(Dimension.Client);
  const region = of(Dimension.Region);
  const pair = of(Dimension.NetworkClient);
  const denied = dims.find((f) => f.dimension === Dimension.ErrorCode && f.value === 'denied');
  const p = dims[0]!.principal;
  const days = Math.max(0, Math.floor((Date.parse(ctx.windowEnd) - Date.parse(ctx.principal.firstSeen)) / DAY_MS));
  const knownNetworks = ctx.principal.known?.[Dimension.Network] ?? 0;
  const person = isPerson(ctx.principal);
  const roams = person || knownNetworks > cfg.stableNetworks;
  const w = roams ? cfg.person : cfg.workload;
  const reasons: string[] = [];
  let score = 5;

  const inside = network !== undefined && (network.context.kind === 'private' || network.context.kind === 'vpce');
  if (network && inside) {
    score += cfg.privateNetwork;
    reasons.push(`First call from ${label(network)} in ${days} days of history: inside a VPC, not from the internet.`);
  } else if (network) {
    score += w.network;
    reasons.push(
      roams
        ? `First call from ${label(network)} in ${days} days of history; ${person ? 'a person' : `it has ${plural(knownNetworks, 'known network')} and`} roams, so a new network alone weighs little.`
        : `First call from ${label(network)} in ${days} days of history; its network is stable (${plural(knownNetworks, 'known network')}): a workload does not move.`,
    );
    if (network.context.anonymising === true) {
      score += cfg.anonymisingNetwork;
      reasons.push(`${label(network)} is an anonymising network (Tor exits, VPNs): whoever is behind it hides.`);
    } else if (network.context.hosting === true) {
      score += cfg.hostingNetwork;
      reasons.push(`${label(network)} rents out servers: where stolen credentials are used from.`);
    }
  }
  if (client) {
    score += w.client;
    reasons.push(`First use of ${label(client)} by ${p.type === 'IAMUser' ? 'this user' : 'this principal'}.`);
  }
  if (region) {
    score += w.region;
    reasons.push(`First call in ${region.value}.`);
  }
  if (roams && network && !inside && (client || region)) {
    score += cfg.person.together;
    reasons.push(
      `A new network together with a new ${client ? 'client' : 'region'}: travel changes the network, not the tools.`,
    );
  }
  if (pair) {
    score += w.networkClient;
    reasons.push(`First use of ${label(pair)} (each known, never together).`);
  }
  if (denied) {
    score += cfg.denied;
    reasons.push(
      `Refused for the first time (${denied.evidence.errorCodes.join(', ') || 'AccessDenied'}): trying what it never needed.`,
    );
  }
  if (network && p.type === 'IAMUser') {
    score += 6;
    reasons.push('An IAM user: long-lived access keys are the credentials most often stolen.');
  } else if (p.type === 'Root') {
    score += 25;
    reasons.push('The root user.');
  }
  const called = Number(dims[0]!.context.actions ?? 0);
  const sample = Array.isArray(dims[0]!.context.sampleActions) ? (dims[0]!.context.sampleActions as string[]) : [];
  if (actions.length === 0 && called > 0) {
    reasons.push(
      `Every action it called is usual for it (${plural(called, 'action')}: ${sample.map(shortAction).join(', ')}${called > sample.length ? ', ...' : ''})${network || client ? ': what stolen credentials look like' : ''}.`,
    );
  } else if (actions.length > 0 && network) {
    score += cfg.newActions;
    reasons.push(`${plural(actions.length, 'new action')} from the new network.`);
  }
  if (dims.some((f) => f.flags.includes('future-timestamp'))) reasons.push(FUTURE_STAMP_REASON);
  const final = clampScore(score);
  const severity = severityForScore(final, ctx.config.severityThresholds);
  // One change seen from several sides: every finding of it carries the same score and reasons.
  // `roams` tells the aggregator whether an office's network may dampen this (it never does for a workload).
  return dims.map((f) => ({ ...f, score: final, severity, reasons, context: { ...f.context, roams } }));
}
