/**
 * The rule contract: one detection per file, with its metadata, its prefilter, a `match` that never
 * throws, and inline cases. Record rules judge one record; window rules judge the candidate records
 * of one account and window together (bursts, one session seen from several places).
 * @module
 */
import type { CandidateClause } from '../activity/index.js';
import type { CloudTrailRecord } from '../cloudtrail/index.js';
import type { Severity } from '../findings/index.js';

/** Tunable numbers some rules use. */
export interface RuleThresholds {
  /** Failed console logins for one user (or from one address) within a window that make a burst. */
  failedConsoleLogins: number;
  /** Findings set to SUPPRESSED by one BatchUpdateFindings call that make a bulk suppression. */
  bulkSuppressedFindings: number;
  /** Distinct Secrets Manager secrets one principal reads within a window that make a bulk retrieval. */
  secretsRetrieved: number;
  /** Distinct SSM parameters one principal reads with decryption within a window that make a bulk retrieval. */
  parametersDecrypted: number;
  /** Distinct instances whose Windows password data one principal asks for within a window. */
  passwordDataInstances: number;
  /** Distinct instances whose user data one principal reads within a window. */
  userDataInstances: number;
  /** Distinct instances one principal opens a shell, session or SSH key on within a window. */
  remoteAccessInstances: number;
  /** A lifecycle rule expiring a whole bucket's objects within this many days counts as log destruction. */
  lifecycleExpirationDays: number;
  /** Distinct regions in which one principal probes or invokes Bedrock models within a window. */
  bedrockRegions: number;
}

/** Defaults of {@link RuleThresholds}. */
export const DEFAULT_RULE_THRESHOLDS: RuleThresholds = {
  failedConsoleLogins: 5,
  bulkSuppressedFindings: 5,
  secretsRetrieved: 10,
  parametersDecrypted: 10,
  passwordDataInstances: 5,
  userDataInstances: 5,
  remoteAccessInstances: 3,
  lifecycleExpirationDays: 3,
  bedrockRegions: 3,
};

/** What rules may know beyond the record. Plain data only, so it travels to the agent unchanged. */
export interface RuleContext {
  /** Accounts of the organization; null when unknown (then only the record's own account counts as "inside"). */
  organizationAccountIds: ReadonlySet<string> | null;
  thresholds?: Partial<RuleThresholds>;
  /** Per rule id, a severity replacing the rule's own (config `rules.severity`). */
  severityOverrides?: Readonly<Record<string, Severity>>;
  /** Written into findings' `detector.version`. */
  detectorVersion?: string;
  /** Sliding spans of window rules (config `rules.burst`). */
  burst?: BurstSettings;
}

/** Sliding spans of window rules: the default, per-rule overrides, and how late an event may come and count exactly. */
export interface BurstSettings {
  minutes: number;
  lateMinutes: number;
  perRule: Readonly<Record<string, number>>;
}

/** Defaults of {@link BurstSettings}. */
export const DEFAULT_BURST_SETTINGS: BurstSettings = { minutes: 60, lateMinutes: 180, perRule: {} };

/** MITRE ATT&CK mapping of a rule, e.g. `{ tactic: 'TA0005 Defense Evasion', technique: 'T1562.008 Disable Cloud Logs' }`. */
export interface RuleMitre {
  tactic: string;
  technique: string;
}

/** Which call outcomes a record rule looks at. */
export const RuleOutcome = {
  /** Successful calls only (the default): the change happened. */
  Success: 'success',
  /** Every call, whatever its outcome (denied reconnaissance matters to some rules). */
  Any: 'any',
} as const;
export type RuleOutcome = (typeof RuleOutcome)[keyof typeof RuleOutcome];

interface RuleBase {
  /** `aws.<service>.<name>`, living in `catalog/<service>/<name>.ts`. */
  id: string;
  title: string;
  /** What the rule catches, how precisely, and what it cannot know. */
  description: string;
  severity: Severity;
  mitre: RuleMitre;
  /** The first thing an analyst should do. */
  runbook: string;
  /** Raw records this rule can match; the union over all rules is what the activity source fetches. */
  prefilter: CandidateClause[];
  references?: string[];
}

/** One inline case of a record rule: a record and whether the rule must match it. */
export interface RecordCase {
  name: string;
  expect: boolean;
  record: CloudTrailRecord;
  ctx?: Partial<RuleContext>;
}

/** A rule judging one record at a time. */
export interface RecordRule extends RuleBase {
  scope?: 'record';
  /** Default {@link RuleOutcome.Success}. */
  outcome?: RuleOutcome;
  match(record: CloudTrailRecord, ctx: RuleContext): boolean;
  /** A title naming who did what to whom. */
  titleOf?(record: CloudTrailRecord, ctx: RuleContext): string;
  severityOf?(record: CloudTrailRecord, ctx: RuleContext): Severity;
  /** Records with the same key become one finding (default: the eventID). */
  dedupe?(record: CloudTrailRecord, ctx: RuleContext): string;
  context?(record: CloudTrailRecord, ctx: RuleContext): Record<string, unknown>;
  cases: RecordCase[];
}

/** What one call contributes to a burst: whose burst it is, the targets it named, and facts about it. */
export interface Observation {
  /** Whose burst: a principal key, a session, a user name or an address (with a suffix when a rule counts several ways). */
  actor: string;
  /** What the call touched; distinct targets are counted. Empty: the call adds only its flags. */
  targets: readonly string[];
  /** Named facts a presentation counts (`denied`, `listed`, `human`, ...). */
  flags?: readonly string[];
}

/** One actor's burst: its calls within the span ending at the call that crossed the threshold. */
export interface Burst {
  actor: string;
  /** Distinct targets within the span, in first-seen order. */
  targets: string[];
  /** Calls within the span (each observation once). */
  calls: number;
  /** Flag -> calls within the span carrying it. */
  flags: Record<string, number>;
  /** Flag -> time of its latest call within the span (ISO). */
  flagLast: Record<string, string>;
  firstEventTime: string;
  /** The call that crossed the threshold. */
  triggerTime: string;
  triggerEventId: string;
  /** Event ids within the span (at most 50, earliest first). */
  eventIds: string[];
  /** The records of this run behind the burst (evidence), earliest first. */
  records: CloudTrailRecord[];
}

/** How a burst is presented; null from `present` drops it. */
export interface BurstPresentation {
  title: string;
  severity?: Severity;
  context?: Record<string, unknown>;
}

/** One hit of a window rule (what the cases count). */
export interface WindowHit {
  burst: Burst;
  presentation: BurstPresentation;
}

/** One inline case of a window rule: records and how many bursts they must give. */
export interface WindowCase {
  name: string;
  expect: number;
  records: CloudTrailRecord[];
  ctx?: Partial<RuleContext>;
}

/**
 * A rule judging bursts: an actor naming at least `threshold` distinct targets within a sliding span of
 * minutes (config `rules.burst`), judged at every call whatever the run boundaries, with the state it
 * needs kept across runs. `observe` and `present` never throw (errors are counted, never fatal).
 */
export interface WindowRule extends RuleBase {
  scope: 'window';
  /** What one candidate record contributes; null when it does not count. */
  observe(record: CloudTrailRecord, ctx: RuleContext): Observation | readonly Observation[] | null;
  /** Distinct targets that make a burst for this actor. */
  threshold(actor: string, ctx: RuleContext): number;
  present(burst: Burst, ctx: RuleContext): BurstPresentation | null;
  cases: WindowCase[];
  /**
   * Every record field `observe` reads (JSON paths such as `$.userIdentity.arn`), the event time aside, when the rule
   * declares them: calls that agree on them give the same observations, so a source may hand over fewer of them
   * (window/thin.ts). A path left out would change findings; a test checks the declaration against `observe`.
   */
  reads?: readonly string[];
  /**
   * With `reads`: the calls each counted as their own target (their observation names the call, as pages of a
   * filter read do). A source hands over every one of them. Decided by the fields in `reads` alone.
   */
  countsCalls?: (record: CloudTrailRecord) => boolean;
}

/** A detection rule. */
export type Rule = RecordRule | WindowRule;

/** Narrows a rule to a window rule. */
export function isWindowRule(rule: Rule): rule is WindowRule {
  return rule.scope === 'window';
}
