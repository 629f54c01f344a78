/**
 * What a hunt looks for: an access key, a principal, a role session, a source address or an event id.
 * Each selector has a needle (text every matching record contains, so a reader can skip the rest
 * cheaply) and an exact test on the parsed record. Pure, and never throws on odd records.
 * @module
 */
import { type CloudTrailRecord, getString, principalOf } from '../cloudtrail/index.js';
import { inCidr } from '../net/index.js';

/** The kinds of selector, as the command's flags name them. */
export const SelectorKind = {
  AccessKey: 'access-key',
  Principal: 'principal',
  Session: 'session',
  Ip: 'ip',
  EventId: 'event-id',
} as const;
export type SelectorKind = (typeof SelectorKind)[keyof typeof SelectorKind];

/** One thing to look for. */
export interface Selector {
  kind: SelectorKind;
  value: string;
}

/** The text every record the selector matches contains, or null when none can be said (a CIDR block). */
export function needleOf(s: Selector): string | null {
  if (s.kind === SelectorKind.Ip && s.value.includes('/')) {
    const [ip, bits] = s.value.split('/');
    const octets = Math.floor(Number(bits) / 8);
    return ip && !ip.includes(':') && octets > 0 ? `"${ip.split('.').slice(0, octets).join('.')}.` : null;
  }
  if (s.kind === SelectorKind.Principal) {
    // A role's sessions carry the role ARN (sessionIssuer); a name alone is matched as written.
    return s.value.replace(/^arn:[^:]+:iam::\d{12}:(role|user)\/(?:.*\/)?/, '');
  }
  return s.value;
}

const str = (r: CloudTrailRecord, path: string): string | undefined => getString(r, path);

/** The access key ids a record hands out (session credentials, a new access key). */
export function mintedKeys(r: CloudTrailRecord): string[] {
  return [str(r, 'responseElements.credentials.accessKeyId'), str(r, 'responseElements.accessKey.accessKeyId')].filter(
    (k): k is string => k !== undefined && k !== '',
  );
}

/** The session name of an assumed-role caller, or of the session a call starts. */
export function sessionOf(r: CloudTrailRecord): string | undefined {
  const arn = str(r, 'userIdentity.arn');
  const m = arn ? /:assumed-role\/[^/]+\/(.+)$/.exec(arn) : null;
  return m?.[1] ?? str(r, 'requestParameters.roleSessionName');
}

/** Whether the record matches the selector exactly. */
export function matchesSelector(r: CloudTrailRecord, s: Selector): boolean {
  switch (s.kind) {
    case SelectorKind.AccessKey:
      return (
        str(r, 'userIdentity.accessKeyId') === s.value ||
        str(r, 'requestParameters.accessKeyId') === s.value ||
        mintedKeys(r).includes(s.value)
      );
    case SelectorKind.Principal: {
      const p = principalOf(r);
      const v = s.value;
      return p.key === v || p.arn === v || str(r, 'userIdentity.arn') === v || (!v.startsWith('arn:') && p.name === v);
    }
    case SelectorKind.Session:
      return sessionOf(r) === s.value;
    case SelectorKind.Ip: {
      const ip = str(r, 'sourceIPAddress');
      if (ip === undefined) return false;
      return s.value.includes('/') ? inCidr(ip, s.value) : ip === s.value;
    }
    case SelectorKind.EventId:
      return r.eventID === s.value || str(r, 'sharedEventID') === s.value;
  }
}
