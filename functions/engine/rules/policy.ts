/**
 * IAM and resource policy documents as CloudTrail logs them: IAM writes the document as a JSON string
 * (sometimes URL-encoded), S3 as an object. Readers never throw and accept either.
 * @module
 */
import { field, strings } from './fields.js';

/** One policy statement, normalised. */
export interface Statement {
  effect: 'Allow' | 'Deny' | 'Unknown';
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: Principals;
  /** Condition keys used by the statement, lower-cased (`aws:principalorgid`, `sts:externalid`, ...). */
  conditionKeys: string[];
  /** Condition values keyed by lower-cased condition key. */
  conditions: Record<string, string[]>;
}

/** Who a statement names as principals. */
export interface Principals {
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  everyone: boolean;
  /** 12-digit account ids named directly or inside ARNs. */
  accounts: string[];
  services: string[];
  federated: string[];
  /** Raw AWS principal values as written. */
  aws: string[];
}

/** Parses a policy given as an object, a JSON string or a URL-encoded JSON string; null when unreadable. */
export function parsePolicy(value: unknown): Record<string, unknown> | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const attempts = [value];
  if (value.includes('%')) {
    try {
      attempts.push(decodeURIComponent(value.replace(/\+/g, ' ')));
    } catch {
      // not URL-encoded after all
    }
  }
  for (const text of attempts) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // try the next form
    }
  }
  return null;
}

const ACCOUNT_IN_ARN = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/;

function principalsOf(raw: unknown): Principals {
  const out: Principals = { everyone: false, accounts: [], services: [], federated: [], aws: [] };
  if (raw === '*') {
    out.everyone = true;
    return out;
  }
  if (raw === null || typeof raw !== 'object') return out;
  const aws = strings(field(raw, 'AWS'));
  out.aws = aws;
  for (const p of aws) {
    const value = p.trim();
    if (value === '*') out.everyone = true;
    else if (/^\d{12}$/.test(value)) out.accounts.push(value);
    else {
      const m = ACCOUNT_IN_ARN.exec(value);
      if (m?.[1]) out.accounts.push(m[1]);
    }
  }
  out.services = strings(field(raw, 'Service'));
  out.federated = strings(field(raw, 'Federated'));
  if (strings(field(raw, 'CanonicalUser')).includes('*')) out.everyone = true;
  return out;
}

function conditionsOf(raw: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const operands of Object.values(raw as Record<string, unknown>)) {
    if (operands === null || typeof operands !== 'object' || Array.isArray(operands)) continue;
    for (const [key, values] of Object.entries(operands as Record<string, unknown>)) {
      const k = key.toLowerCase();
      out[k] = [...(out[k] ?? []), ...strings(values), ...(typeof values === 'boolean' ? [String(values)] : [])];
    }
  }
  return out;
}

/** The statements of a parsed policy (a single statement object is accepted). */
export function statementsOf(policy: Record<string, unknown> | null): Statement[] {
  if (policy === null) return [];
  const raw = field(policy, 'Statement');
  const list = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' ? [raw] : [];
  return list
    .filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object')
    .map((s) => {
      const effect = field(s, 'Effect');
      const conditions = conditionsOf(field(s, 'Condition'));
      return {
        effect: effect === 'Allow' ? 'Allow' : effect === 'Deny' ? 'Deny' : 'Unknown',
        actions: strings(field(s, 'Action')),
        notActions: strings(field(s, 'NotAction')),
        resources: strings(field(s, 'Resource')),
        principals: principalsOf(field(s, 'Principal')),
        conditionKeys: Object.keys(conditions),
        conditions,
      } satisfies Statement;
    });
}

/** Whether an action pattern grants every action (`*` or `*:*`). */
export function isAllActions(action: string): boolean {
  const a = action.trim();
  return a === '*' || a === '*:*';
}

/** Condition keys that confine a statement to known callers, networks or the organization. */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:userid',
  'aws:username',
  's3:dataaccesspointaccount',
  's3:dataaccesspointarn',
  'aws:principalservicename',
  'kms:calleraccount',
  'elasticfilesystem:accessedviamounttarget',
];

/** Whether the statement's conditions confine it (an `aws:SourceIp` counts unless it is itself world-open). */
export function isRestricted(statement: Statement): boolean {
  if (statement.conditionKeys.some((k) => RESTRICTING_CONDITION_KEYS.includes(k))) return true;
  const ips = statement.conditions['aws:sourceip'];
  return ips !== undefined && ips.length > 0 && ips.every((ip) => !/\/0$/.test(ip.trim()));
}

/** Whether a policy document has an Allow statement for every action (`*`, `*:*` or a NotAction list) on Resource `*`. */
export function allowsAll(document: unknown): boolean {
  return statementsOf(parsePolicy(document)).some(
    (s) =>
      s.effect === 'Allow' &&
      (s.actions.some(isAllActions) || s.notActions.length > 0) &&
      s.resources.some((r) => r.trim() === '*'),
  );
}
