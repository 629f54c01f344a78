/** Compiles one suppression into a predicate over findings. */
import type { Suppression } from '../../config/index.js';
import { globMatcher } from '../../config/index.js';
import type { Finding } from '../../findings/index.js';
import { type ParsedCidr, ipInCidr, parseCidr, parseIp } from '../../net/index.js';

/** A compiled suppression: its predicate and the instant after which it no longer applies. */
export interface CompiledSuppression {
  suppression: Suppression;
  /** Position in the config list (for messages). */
  index: number;
  /** Epoch ms after which it is expired; null when it never expires. */
  expiresAtMs: number | null;
  matches(finding: Finding): boolean;
}

/** `iam:Get*` -> `iam.amazonaws.com:Get*`; full forms and bare `*` are kept. */
export function expandActionGlob(glob: string): string {
  const i = glob.indexOf(':');
  if (i <= 0) return glob;
  const service = glob.slice(0, i);
  return service.includes('.') || service.includes('*') ? glob : `${service}.amazonaws.com${glob.slice(i)}`;
}

/** Epoch ms after which the suppression has expired: a date alone is valid through that whole UTC day. */
export function expiryOf(expires: string | undefined): number | null {
  if (expires === undefined) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T00:00:00Z`) + 24 * 3600 * 1000;
  const ms = Date.parse(expires);
  return Number.isNaN(ms) ? null : ms;
}

const anyOf = (
  globs: readonly string[] | undefined,
): ((values: Array<string | null | undefined>) => boolean) | null => {
  if (globs === undefined || globs.length === 0) return null;
  const matchers = globs.map(globMatcher);
  return (values) => values.some((v) => typeof v === 'string' && matchers.some((m) => m(v)));
};

function sourceMatcher(blocks: readonly string[] | undefined): ((ips: readonly string[]) => boolean) | null {
  if (blocks === undefined || blocks.length === 0) return null;
  const cidrs = blocks.map(parseCidr).filter((c): c is ParsedCidr => c !== null);
  return (ips) =>
    ips.length > 0 &&
    ips.every((text) => {
      const ip = parseIp(text);
      return ip !== null && cidrs.some((c) => ipInCidr(ip, c));
    });
}

/** Compiles a validated suppression; every field it names must match (AND), any value of a field may (OR). */
export function compileSuppression(suppression: Suppression, index: number): CompiledSuppression {
  const account = anyOf(suppression.account);
  const principal = anyOf(suppression.principal);
  const action = anyOf(suppression.action?.map(expandActionGlob));
  const rule = anyOf(suppression.rule);
  const source = sourceMatcher(suppression.sourceIp);
  return {
    suppression,
    index,
    expiresAtMs: expiryOf(suppression.expires),
    matches(finding) {
      if (account && !account([finding.accountId])) return false;
      if (principal && !principal([finding.principal.arn, finding.principal.key])) return false;
      if (action && !(['action', 'event'].includes(finding.dimension) && action([finding.value]))) return false;
      if (rule && !rule([finding.detectorId])) return false;
      if (source && !source(finding.evidence.sourceIps)) return false;
      return true;
    },
  };
}
