import { describe, expect, it } from 'vitest';
import type { PrincipalRecord } from '../../../../../functions/engine/baseline/index.js';
import { DEFAULT_SCORING_CONFIG } from '../../../../../functions/engine/config/index.js';
import { scoreFirstSeen } from '../../../../../functions/engine/detect/score/index.js';
import type { Finding } from '../../../../../functions/engine/findings/index.js';
import { firstSeen } from './finding-builder.js';

const ACCOUNT = '111122223333';
const WINDOW = { start: '2026-02-10T03:00:00.000Z', end: '2026-02-10T04:00:00.000Z' };

function principal(name: string, networks: number, sso = false): PrincipalRecord {
  const arn = sso
    ? `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${name}_0123456789abcdef`
    : `arn:aws:iam::${ACCOUNT}:role/${name}`;
  return {
    principalKey: arn,
    type: 'AssumedRole',
    arn,
    name,
    firstSeen: '2026-01-05T00:00:00.000Z',
    lastSeen: '2026-02-09T00:00:00.000Z',
    expiresAt: '2027-02-09T00:00:00.000Z',
    knownValues: 12,
    known: { network: networks, client: 2 },
  };
}

/** A new value of a dimension, as the run builds it (scores come from scoring). */
function novel(p: PrincipalRecord, dimension: string, value: string, context: Finding['context'] = {}): Finding {
  return firstSeen(value, {
    id: `${dimension}-${value}`.padEnd(32, '0').slice(0, 32),
    detectorId: `first-seen.${dimension}`,
    title: `${p.name} ${dimension} ${value}`,
    accountId: ACCOUNT,
    region: 'eu-west-1',
    principal: { key: p.principalKey, type: p.type, arn: p.arn, name: p.name, accountId: ACCOUNT },
    dimension,
    count: 4,
    firstEventTime: '2026-02-10T03:12:00.000Z',
    lastEventTime: '2026-02-10T03:15:00.000Z',
    window: WINDOW,
    evidence: {
      eventIds: ['e1'],
      sourceIps: ['159.89.214.31'],
      userAgents: [],
      regions: ['eu-west-1'],
      errorCodes: [],
      samples: [],
    },
    context: { label: value, actions: 4, sampleActions: ['s3.amazonaws.com:ListBuckets'], ...context },
  });
}

const score = (p: PrincipalRecord, findings: Finding[]) =>
  scoreFirstSeen(findings, {
    principal: p,
    knownValues: p.knownValues ?? 0,
    windowEnd: WINDOW.end,
    config: DEFAULT_SCORING_CONFIG,
  });

describe('scoring where from and with what', () => {
  it("weighs a workload's new network at medium, and high with a new client from a hosting provider", () => {
    const ci = principal('ci-deploy', 1);
    const [alone] = score(ci, [novel(ci, 'network', 'as:7922', { label: 'AS7922 (Comcast)', kind: 'asn' })]);
    expect(alone!.severity).toBe('medium');
    expect(alone!.reasons[0]).toMatch(
      /^First call from AS7922 \(Comcast\) in 36 days of history; its network is stable/,
    );
    expect(alone!.reasons.at(-1)).toMatch(
      /^Every action it called is usual for it \(4 actions: s3:ListBuckets, \.\.\.\)/,
    );

    const theft = score(ci, [
      novel(ci, 'network', 'as:14061', { label: 'AS14061 (DigitalOcean, LLC)', kind: 'asn', hosting: true }),
      novel(ci, 'client', 'python-sdk', { label: 'boto3/botocore (Python SDK)' }),
    ]);
    expect(theft.map((f) => f.severity)).toEqual(['high', 'high']);
    expect(theft[0]!.reasons).toContain('First use of boto3/botocore (Python SDK) by this principal.');
    expect(theft[0]!.reasons.join(' ')).toMatch(/rents out servers/);
  });

  it("weighs a person's new network alone low, and medium or more with a new client or from an anonymiser", () => {
    const sso = principal('ReadOnlyAccess', 6, true);
    const [hotel] = score(sso, [novel(sso, 'network', 'as:3303', { label: 'AS3303 (Swisscom)', kind: 'asn' })]);
    expect(['info', 'low']).toContain(hotel!.severity);
    expect(hotel!.reasons[0]).toMatch(/a person roams, so a new network alone weighs little/);

    const tools = score(sso, [
      novel(sso, 'network', 'as:3303', { label: 'AS3303 (Swisscom)', kind: 'asn' }),
      novel(sso, 'client', 'python-sdk', { label: 'boto3/botocore (Python SDK)' }),
    ]);
    expect(tools[0]!.score).toBeGreaterThanOrEqual(40);
    expect(tools[0]!.reasons.join(' ')).toMatch(/travel changes the network, not the tools/);

    const [tor] = score(sso, [
      novel(sso, 'network', 'as:60729', { label: 'AS60729 (Tor exits)', kind: 'asn', anonymising: true }),
    ]);
    expect(tor!.score).toBeGreaterThanOrEqual(40);
  });

  it('treats a workload with many networks as roaming, and a new VPC endpoint as inside', () => {
    const roaming = principal('batch', 5);
    const [moved] = score(roaming, [novel(roaming, 'network', 'as:3303', { kind: 'asn' })]);
    expect(moved!.severity).toBe('info');
    const app = principal('app-server-role', 1);
    const [endpoint] = score(app, [novel(app, 'network', 'vpce:vpce-0abc', { kind: 'vpce' })]);
    expect(endpoint!.severity).toBe('info');
    expect(endpoint!.reasons[0]).toMatch(/inside a VPC/);
  });

  it('scores new actions as before beside the new network, and says they came from it', () => {
    const app = principal('app-server-role', 1);
    const action: Finding = { ...novel(app, 'action', 'secretsmanager.amazonaws.com:GetSecretValue'), context: {} };
    const [a, n] = score(app, [action, novel(app, 'network', 'as:24940', { kind: 'asn', hosting: true })]);
    expect(a!.reasons[0]).toMatch(/called secretsmanager:GetSecretValue for the first time/);
    expect(n!.reasons).toContain('1 new action from the new network.');
    expect(n!.score).toBeGreaterThan(60);
  });

  it('says when the records are stamped in the future, on new actions and new values alike', () => {
    const app = principal('app-server-role', 1);
    const future = (f: Finding): Finding => ({ ...f, flags: ['future-timestamp'] });
    const action = future({ ...novel(app, 'action', 's3.amazonaws.com:DeleteBucket'), context: {} });
    const scored = score(app, [action, future(novel(app, 'network', 'as:24940', { kind: 'asn', hosting: true }))]);
    for (const f of scored) expect(f.reasons.join(' '), f.dimension).toMatch(/stamped in the future .* read as of now/);
    const [plain] = score(app, [novel(app, 'network', 'as:24940', { kind: 'asn', hosting: true })]);
    expect(plain!.reasons.join(' ')).not.toMatch(/stamped in the future/);
  });
});
