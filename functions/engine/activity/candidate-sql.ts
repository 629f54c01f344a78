/**
 * The rules' prefilter: which raw records an ActivitySource must hand to the rules. Rules declare
 * clauses; the union of all clauses becomes one SQL predicate in DuckDB or Athena, so raw records
 * travel only for the few events a rule could match.
 * @module
 */
import { Dialect } from '../cloudtrail/index.js';

/**
 * Top-level columns a {@link FieldCondition} may read: the record path and its lower-case column,
 * present alike in DuckDB staging, the Athena CloudTrail table and a parsed record.
 */
export const CANDIDATE_COLUMNS = {
  eventSource: 'eventsource',
  eventName: 'eventname',
  awsRegion: 'awsregion',
  sourceIPAddress: 'sourceipaddress',
  userAgent: 'useragent',
  errorCode: 'errorcode',
  recipientAccountId: 'recipientaccountid',
  'userIdentity.type': 'useridentity.type',
  'userIdentity.arn': 'useridentity.arn',
  'userIdentity.accountId': 'useridentity.accountid',
  'userIdentity.userName': 'useridentity.username',
  'userIdentity.invokedBy': 'useridentity.invokedby',
  'userIdentity.principalId': 'useridentity.principalid',
} as const;
export type CandidateColumn = keyof typeof CANDIDATE_COLUMNS;

/**
 * Every record field a prefilter reads, as a JSON path and the column it is read into (the field conditions'
 * columns, and the VPC endpoint's two): what the thinning of window rules keys on (engine/rules/window/thin.ts).
 */
export const PREFILTER_FIELDS: ReadonlyArray<readonly [path: string, column: string]> = [
  ...Object.entries(CANDIDATE_COLUMNS).map(([path, column]) => [`$.${path}`, column] as const),
  ['$.vpcEndpointId', 'vpcendpointid'],
  ['$.vpcEndpointAccountId', 'vpcendpointaccountid'],
];

/**
 * A case-insensitive condition on one column (Sigma's default string semantics): the lower-cased
 * value equals one of `values`, or with `like`, matches one of them as a LIKE pattern (`%`, `_`,
 * backslash escapes). A missing value reads as the empty string.
 */
export interface FieldCondition {
  column: CandidateColumn;
  /** Lower-case values (or LIKE patterns), any of which may match. */
  values: string[];
  like?: boolean;
}

/** One clause: its conditions AND together; a filter is the OR of its clauses. */
export interface CandidateClause {
  eventSources?: string[];
  eventNames?: string[];
  eventNamePrefixes?: string[];
  identityTypes?: string[];
  /** Case-insensitive substrings of the user agent (any of them). */
  userAgentContains?: string[];
  /** A regular expression the `userIdentity.arn` must match (RE2/Java-compatible subset). */
  arnPattern?: string;
  /** Event names the clause leaves out (chatty agents' heartbeats, for instance). */
  excludeEventNames?: string[];
  /** Only calls that did not come through a VPC endpoint (`vpcEndpointId` empty). */
  withoutVpcEndpoint?: boolean;
  /** Only calls through a VPC endpoint owned by another account than the recipient. */
  foreignVpcEndpoint?: boolean;
  /** Case-insensitive column conditions (all must hold), as Sigma rules pin them. */
  fieldConditions?: FieldCondition[];
  /** Every event: the broad clause of a rule that pins no column (costly: a rule forcing it is flagged). */
  anyEvent?: boolean;
}

/** A candidate filter: the union of clauses. An empty filter selects nothing. */
export type CandidateFilter = readonly CandidateClause[];

const lit = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const list = (values: readonly string[]): string => values.map(lit).join(', ');
const likeEscape = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

function fieldConditionSql(condition: FieldCondition): string {
  const column = `lower(coalesce(${CANDIDATE_COLUMNS[condition.column]}, ''))`;
  if (condition.values.length === 0) return 'false';
  if (condition.like !== true) return `${column} IN (${list(condition.values)})`;
  return `(${condition.values.map((p) => `${column} LIKE ${lit(p)} ESCAPE '\\'`).join(' OR ')})`;
}

function clauseSql(clause: CandidateClause, dialect: Dialect): string | null {
  const parts: string[] = [];
  if (clause.eventSources?.length) parts.push(`eventsource IN (${list(clause.eventSources)})`);
  if (clause.eventNames?.length) parts.push(`eventname IN (${list(clause.eventNames)})`);
  if (clause.eventNamePrefixes?.length) {
    parts.push(
      `(${clause.eventNamePrefixes.map((p) => `eventname LIKE ${lit(`${likeEscape(p)}%`)} ESCAPE '\\'`).join(' OR ')})`,
    );
  }
  if (clause.identityTypes?.length) parts.push(`useridentity.type IN (${list(clause.identityTypes)})`);
  if (clause.userAgentContains?.length) {
    // One case-insensitive alternation (RE2 in DuckDB, Java regex in Athena): a LIKE per substring on
    // lower(useragent) costs a third of a whole scan when the list is long.
    const fn = dialect === Dialect.DuckDB ? 'regexp_matches' : 'regexp_like';
    const pattern = `(?i)(${clause.userAgentContains.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
    parts.push(`coalesce(${fn}(useragent, ${lit(pattern)}), false)`);
  }
  if (clause.arnPattern !== undefined) {
    const fn = dialect === Dialect.DuckDB ? 'regexp_matches' : 'regexp_like';
    parts.push(`coalesce(${fn}(useridentity.arn, ${lit(clause.arnPattern)}), false)`);
  }
  if (clause.excludeEventNames?.length)
    parts.push(`coalesce(eventname, '') NOT IN (${list(clause.excludeEventNames)})`);
  if (clause.withoutVpcEndpoint === true) parts.push(`nullif(vpcendpointid, '') IS NULL`);
  if (clause.foreignVpcEndpoint === true) {
    parts.push(
      `nullif(vpcendpointaccountid, '') IS NOT NULL AND vpcendpointaccountid <> coalesce(recipientaccountid, '')`,
    );
  }
  for (const condition of clause.fieldConditions ?? []) parts.push(fieldConditionSql(condition));
  if (clause.anyEvent === true) parts.push('true');
  return parts.length === 0 ? null : `(${parts.join(' AND ')})`;
}

/** Whether a clause names only event sources and event names (most rules): such clauses merge per source. */
function isPairClause(clause: CandidateClause): boolean {
  const keys = Object.entries(clause).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return keys.length === 2 && clause.eventSources?.length !== undefined && clause.eventNames?.length !== undefined;
}

/**
 * The filter's source-and-name clauses as event source to the union of its names, and the other clauses as they are:
 * the same records match, with far fewer tests per record (the catalog has dozens of clauses on a handful of sources).
 */
function mergedClauses(filter: CandidateFilter): { pairs: Map<string, Set<string>>; others: CandidateClause[] } {
  const pairs = new Map<string, Set<string>>();
  const others: CandidateClause[] = [];
  for (const clause of filter) {
    if (!isPairClause(clause)) {
      others.push(clause);
      continue;
    }
    for (const source of clause.eventSources!) {
      const names = pairs.get(source) ?? new Set<string>();
      for (const name of clause.eventNames!) names.add(name);
      pairs.set(source, names);
    }
  }
  return { pairs, others };
}

/**
 * The source-and-name pairs as SQL. In DuckDB, one membership test of the pair's hash: every `IN` list becomes a join
 * of its own there, probed by every record, and a clause per source made a staging batch of 78,237 records 1.17 s
 * instead of 1.00 s; the pair as a struct still took 0.14 s of that batch's join time (struct keys hash and compare
 * slowly), the pair's 64-bit hash 6% of the batch less. The hashes of the literals fold to constants. A record whose
 * pair collides with one of them (about one chance in 10^17 per distinct pair) is only one more candidate: each rule takes
 * its own records from a window's candidates with the JavaScript twin (`prepareRules`). In Athena, one clause per source.
 */
function pairsSql(pairs: Map<string, Set<string>>, dialect: Dialect): string[] {
  if (pairs.size === 0) return [];
  if (dialect !== Dialect.DuckDB) {
    return [...pairs].map(([source, names]) => clauseSql({ eventSources: [source], eventNames: [...names] }, dialect)!);
  }
  const values = [...pairs].flatMap(([source, names]) =>
    [...names].map((name) => `hash(${lit(source)}, ${lit(name)})`),
  );
  return [`hash(eventsource, eventname) IN (${values.join(', ')})`];
}

/** The SQL predicate selecting candidate records; `false` when no rule asks for anything. */
export function candidateSql(filter: CandidateFilter, dialect: Dialect): string {
  const { pairs, others } = mergedClauses(filter);
  const clauses = [
    ...pairsSql(pairs, dialect),
    ...others.map((c) => clauseSql(c, dialect)).filter((c): c is string => c !== null),
  ];
  return clauses.length === 0 ? 'false' : `(${clauses.join(' OR ')})`;
}

const patterns = new Map<string, RegExp>();
/** Compiled once per pattern: the JS twin runs per record. */
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (re === undefined) {
    re = new RegExp(source);
    patterns.set(source, re);
  }
  return re;
}

// Records come from untrusted files: a field may hold any JSON type, so read strings defensively.
function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The fields of a record the candidate predicate reads. */
export interface CandidateRecord {
  eventSource?: string;
  eventName?: string;
  userAgent?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  errorCode?: string;
  userIdentity?: {
    type?: string;
    arn?: string;
    accountId?: string;
    userName?: string;
    invokedBy?: string;
    principalId?: string;
  } | null;
  vpcEndpointId?: string;
  vpcEndpointAccountId?: string;
  recipientAccountId?: string;
}

/** Whether a clause asks for anything (an empty clause selects nothing, as in SQL). */
function nonEmpty(clause: CandidateClause): boolean {
  return Object.values(clause).some((v) =>
    Array.isArray(v) ? v.length > 0 : typeof v === 'boolean' ? v : v !== undefined,
  );
}

type Predicate = (record: CandidateRecord) => boolean;

/** A column's value as the SQL reads it: strings as they are, numbers and booleans as their text. */
function columnText(record: CandidateRecord, column: CandidateColumn): string {
  const [head, tail] = column.split('.') as [string, string | undefined];
  let value: unknown = (record as Record<string, unknown>)[head];
  if (tail !== undefined)
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[tail] : undefined;
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
}

/** A LIKE pattern as an anchored regular expression (`%` any run, `_` one character, `\` escapes). */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function fieldConditionPredicate(condition: FieldCondition): Predicate {
  if (condition.like !== true) {
    const values = new Set(condition.values);
    return (record) => values.has(columnText(record, condition.column).toLowerCase());
  }
  const patterns = condition.values.map(likePattern);
  return (record) => {
    const value = columnText(record, condition.column).toLowerCase();
    return patterns.some((p) => p.test(value));
  };
}

/** One clause as a predicate, its lists turned into sets once. */
function compileClause(clause: CandidateClause): Predicate | null {
  if (!nonEmpty(clause)) return null;
  const set = (values: readonly string[] | undefined): Set<string> | null => (values?.length ? new Set(values) : null);
  const sources = set(clause.eventSources);
  const names = set(clause.eventNames);
  const excluded = set(clause.excludeEventNames);
  const types = set(clause.identityTypes);
  const prefixes = clause.eventNamePrefixes?.length ? clause.eventNamePrefixes : null;
  const agents = clause.userAgentContains?.length ? clause.userAgentContains.map((a) => a.toLowerCase()) : null;
  const arn = clause.arnPattern === undefined ? null : patternOf(clause.arnPattern);
  const conditions = (clause.fieldConditions ?? []).map(fieldConditionPredicate);
  return (record) => {
    if (!conditions.every((c) => c(record))) return false;
    const eventName = text(record.eventName);
    if (sources && !sources.has(text(record.eventSource))) return false;
    if (names && !names.has(eventName)) return false;
    if (excluded?.has(eventName)) return false;
    if (prefixes && !prefixes.some((p) => eventName.startsWith(p))) return false;
    const identity: unknown = record.userIdentity;
    const id = identity !== null && typeof identity === 'object' ? (identity as Record<string, unknown>) : null;
    if (types && !types.has(text(id?.['type']))) return false;
    if (agents) {
      const agent = text(record.userAgent).toLowerCase();
      if (!agents.some((a) => agent.includes(a))) return false;
    }
    if (arn) {
      const value = id?.['arn'];
      if (typeof value !== 'string' || !arn.test(value)) return false;
    }
    if (clause.withoutVpcEndpoint === true && text(record.vpcEndpointId) !== '') return false;
    if (clause.foreignVpcEndpoint === true) {
      const endpointAccount = text(record.vpcEndpointAccountId);
      if (endpointAccount === '' || endpointAccount === text(record.recipientAccountId)) return false;
    }
    return true;
  };
}

const compiled = new WeakMap<CandidateFilter, Predicate>();

/** The same predicate in JavaScript, for record-by-record paths and for tests (compiled once per filter). */
export function matchesCandidate(filter: CandidateFilter, record: CandidateRecord): boolean {
  let predicate = compiled.get(filter);
  if (predicate === undefined) {
    const clauses = filter.map(compileClause).filter((c): c is Predicate => c !== null);
    predicate = (r) => clauses.some((c) => c(r));
    compiled.set(filter, predicate);
  }
  return predicate(record);
}

/**
 * Which of several filters each record matches, as {@link matchesCandidate} says, found without testing every
 * filter: a record is tested only against the filters with a clause naming its event name or (for clauses that
 * name no event) its event source, and the filters with a clause that names neither. Returns the indexes of the
 * matching filters, in order.
 */
export function candidateDispatch(filters: readonly CandidateFilter[]): (record: CandidateRecord) => number[] {
  const byName = new Map<string, Set<number>>();
  const bySource = new Map<string, Set<number>>();
  const always = new Set<number>();
  const add = (index: Map<string, Set<number>>, key: string, i: number): void => {
    const set = index.get(key) ?? new Set<number>();
    set.add(i);
    index.set(key, set);
  };
  filters.forEach((filter, i) => {
    for (const clause of filter) {
      if (!nonEmpty(clause)) continue;
      if (clause.eventNames?.length) for (const name of clause.eventNames) add(byName, name, i);
      else if (clause.eventSources?.length) for (const source of clause.eventSources) add(bySource, source, i);
      else always.add(i);
    }
  });
  return (record) => {
    const tried = new Set<number>(always);
    for (const i of byName.get(text(record.eventName)) ?? []) tried.add(i);
    for (const i of bySource.get(text(record.eventSource)) ?? []) tried.add(i);
    return [...tried].sort((a, b) => a - b).filter((i) => matchesCandidate(filters[i]!, record));
  };
}
