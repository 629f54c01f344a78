/**
 * The detectors of one configuration, for every runtime: the enabled rules (disabled ones removed,
 * thresholds, severity overrides and the organization's accounts applied, findings scored) with their
 * prefilter, and the first-seen scorer. The scan, the agent and the backfill all build them here.
 * @module
 */
import { loadAsnDatabase } from '../adapters/asn/index.js';
import type { Config } from '../engine/config/index.js';
import { type DimensionHooks, type NetworkResolver, networkResolver } from '../engine/dimensions/index.js';
import { DETECTOR_VERSION, type RuleHooks, type ScoreFirstSeen } from '../engine/detect/index.js';
import { firstSeenScorerFor, ruleHooksFor } from '../engine/detect/score/index.js';
import { RULES, type Rule } from '../engine/rules/index.js';

/** What a run detects with. */
export interface Detectors {
  /** Null when the config turns the rules off; their prefilter is what the activity source fetches. */
  rules: RuleHooks | null;
  score: ScoreFirstSeen;
  /** The dimensions learned beyond actions (null when the config names none). */
  dimensions: DimensionHooks | null;
}

/**
 * The network resolver over the offline ASN table, loaded on its first use (the aggregator and the
 * monitor never pay for it); without a table, networks are address prefixes (`asnProblem()` says why).
 */
function lazyResolver(): NetworkResolver {
  let resolve: NetworkResolver | null = null;
  return (key) => {
    resolve ??= networkResolver(loadAsnDatabase().db);
    return resolve(key);
  };
}

/** Why networks are address prefixes rather than autonomous systems, or null when the ASN table loaded. */
export function asnProblem(): string | null {
  const loaded = loadAsnDatabase();
  return loaded.db === null ? loaded.problem : null;
}

function dimensionsOf(config: Config): DimensionHooks | null {
  if (config.dimensions.length === 0) return null;
  return { dimensions: config.dimensions, resolveNetwork: lazyResolver(), maxValues: config.maxValuesPerWindow };
}

/** Options of {@link buildDetectors}. */
export interface DetectorOptions {
  /** Rules beyond the built-in catalog (e.g. compiled Sigma rules). */
  extraRules?: readonly Rule[];
  /**
   * The organization's accounts when the config names none: the scan passes the accounts of its input
   * (an organization trail's export), so sharing between them is not "outside the organization".
   */
  accountsSeen?: readonly string[];
}

/** The rules and the scorer of a configuration. */
export function buildDetectors(config: Config, o: DetectorOptions = {}): Detectors {
  const score = firstSeenScorerFor(config.scoring);
  const dimensions = dimensionsOf(config);
  if (!config.detectors.includes('rules')) return { rules: null, score, dimensions };
  const organizationAccountIds =
    config.organizationAccountIds ?? (o.accountsSeen ? o.accountsSeen.filter((a) => /^\d{12}$/.test(a)) : null);
  const rules = [...RULES, ...(o.extraRules ?? [])];
  return { rules: ruleHooksFor({ ...config, organizationAccountIds }, rules, DETECTOR_VERSION), score, dimensions };
}
