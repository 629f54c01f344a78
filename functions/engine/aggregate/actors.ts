/**
 * Who the actor behind a finding is, as keys that can match across accounts: the access key id,
 * the public source IP, the role session name, the account-less principal ARN, an external principal.
 * @module
 */
import { getString } from '../cloudtrail/index.js';
import type { Finding } from '../findings/index.js';
import type { ActorKind, AggregatorConfig } from '../config/index.js';
import { isPerson } from '../dimensions/index.js';
import { inCidr, isPublicIp } from '../net/index.js';

/** One actor key of a finding. */
export interface ActorKey {
  kind: ActorKind;
  /** `kind:value`, the key correlation and state use. */
  key: string;
  value: string;
  /** Overrides the kind's strength (an Identity Center session name spans accounts by design). */
  strength?: number;
}

/** How much a shared key says "same actor" (it weighs the spread bonus of an incident). */
export const ACTOR_STRENGTH: Record<ActorKind, number> = {
  'access-key': 1,
  'external-principal': 1,
  'session-name': 0.75,
  'source-ip': 0.75,
  'principal-pattern': 0.5,
  'new-network': 0.5,
};

/** How an actor key reads in an alert. */
export function describeActor(kind: ActorKind, value: string): string {
  switch (kind) {
    case 'access-key':
      return `access key ${value}`;
    case 'source-ip':
      return `source IP ${value}`;
    case 'session-name':
      return `role session name "${value}"`;
    case 'principal-pattern':
      return `principal ${value} (same name in every account)`;
    case 'external-principal':
      return `principal ${value} from outside the account`;
    case 'new-network':
      return `a network new to each of them (${value})`;
  }
}

/** Session names SDKs and tools generate: shared by unrelated callers, so they identify no one. */
const GENERIC_SESSIONS = [
  /^botocore-session-\d+$/i,
  /^aws-(go|sdk|sdk-js|sdk-java|sdk-rust|cli)[-\w]*?-?\d*$/i,
  /^awscli-session/i,
  /^boto3?-?session/i,
  /^(session|default|cli|console|terraform|pulumi|github-?actions|gha|jenkins|circleci|gitlab|codebuild)$/i,
  /^\d+$/,
  /^.{0,2}$/,
];

const ACCESS_KEY = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/;
const ASSUMED_ROLE_ARN = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/;
const IAM_ARN = /^arn:([^:]+):iam::\d{12}:(role|user)\/(.+)$/;

/** Compiled correlation settings. */
export interface ActorRules {
  kinds: ReadonlySet<ActorKind>;
  ignoreIps: readonly string[];
  ignorePrincipals: readonly RegExp[];
  ignoreSessions: readonly RegExp[];
}

/** Compiles the correlation settings once per aggregator. */
export function actorRules(config: AggregatorConfig): ActorRules {
  return {
    kinds: new Set(config.correlation.keys),
    ignoreIps: config.correlation.ignoreSourceIps,
    ignorePrincipals: config.correlation.ignorePrincipalPatterns.map((p) => new RegExp(p)),
    ignoreSessions: [...GENERIC_SESSIONS, ...config.correlation.ignoreSessionNames.map((p) => new RegExp(p, 'i'))],
  };
}

/** The actor keys of a finding (distinct, in a stable order). Service principals have none. */
export function actorKeysOf(finding: Finding, rules: ActorRules): ActorKey[] {
  const keys = new Map<string, ActorKey>();
  const add = (kind: ActorKind, value: string | undefined, strength?: number): void => {
    if (value === undefined || value === '' || !rules.kinds.has(kind)) return;
    const key = `${kind}:${value}`;
    if (!keys.has(key)) keys.set(key, { kind, key, value, ...(strength !== undefined ? { strength } : {}) });
  };
  const p = finding.principal;
  const principalText = `${p.arn ?? ''} ${p.key}`;
  if (
    p.type === 'AWSService' ||
    p.key.startsWith('service:') ||
    rules.ignorePrincipals.some((r) => r.test(principalText))
  )
    return [];

  const ips = new Set(finding.evidence.sourceIps);
  for (const sample of finding.evidence.samples) {
    const ip = getString(sample, 'sourceIPAddress');
    if (ip !== undefined) ips.add(ip);
    const akid = getString(sample, 'userIdentity.accessKeyId');
    if (akid !== undefined && ACCESS_KEY.test(akid)) add('access-key', akid);
    const assumed = ASSUMED_ROLE_ARN.exec(getString(sample, 'userIdentity.arn') ?? '');
    const session = assumed?.[2];
    // An Identity Center user's session name is the user: the same in every account they work in, by design.
    if (session !== undefined && !rules.ignoreSessions.some((r) => r.test(session)))
      add('session-name', session, assumed![1]!.startsWith('AWSReservedSSO_') ? 0.25 : undefined);
    const callerAccount = getString(sample, 'userIdentity.accountId');
    const callerType = getString(sample, 'userIdentity.type');
    const callerArn = getString(sample, 'userIdentity.arn');
    if (
      callerAccount !== undefined &&
      callerAccount !== finding.accountId &&
      callerType !== 'AWSService' &&
      callerArn !== undefined
    ) {
      add('external-principal', callerArn.replace(/^(arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+)\/.*$/, '$1'));
    }
  }
  for (const ip of [...ips].sort()) {
    if (isPublicIp(ip) && !rules.ignoreIps.some((c) => inCidr(ip, c))) add('source-ip', ip);
  }
  if (p.accountId !== null && p.accountId !== finding.accountId) add('external-principal', p.arn ?? p.key);
  // Workloads do not move: the same network new to several of them at once is one actor with their credentials.
  // (People meet at the same hotel; private and VPC-endpoint networks are the organization's own.)
  if (
    finding.kind === 'first-seen' &&
    finding.dimension === 'network' &&
    (finding.value.startsWith('as:') || finding.value.startsWith('net:')) &&
    !isPerson(p)
  )
    add('new-network', finding.value);
  const iam = IAM_ARN.exec(p.key) ?? (p.arn !== null ? IAM_ARN.exec(p.arn) : null);
  if (iam) add('principal-pattern', `arn:${iam[1]}:iam::*:${iam[2]}/${iam[3]}`);
  return [...keys.values()];
}
