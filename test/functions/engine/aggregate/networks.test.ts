/** The aggregator and networks: org prevalence of networks, and one actor behind a network new to several workloads. */
import { describe, expect, it } from 'vitest';
import {
  createAggregator,
  createMemoryAggregatorState,
  envelopesFromFindings,
} from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import { firstSeenFindingId, type Finding } from '../../../../functions/engine/findings/index.js';
import { makeFinding } from './helpers.js';

const NOW = '2026-11-20T12:00:00.000Z';

/** A first-seen network finding as the agent scores it (score 50, medium). */
function network(role: string, value: string, context: Finding['context'], account = '111111111111'): Finding {
  const base = makeFinding({ account, role, sourceIp: account === '111111111111' ? '159.89.214.31' : '159.89.214.99' });
  return {
    ...base,
    id: firstSeenFindingId(account, base.principal.key, 'network', value),
    detectorId: 'first-seen.network',
    title: `${role} called from a new network: ${value}`,
    dimension: 'network',
    value,
    severity: 'medium',
    score: 50,
    reasons: [`First call from ${value}.`],
    context: { label: value, kind: 'asn', ...context },
  };
}

async function alertsOf(findings: Finding[], known: Array<[string, string]> = []) {
  const state = createMemoryAggregatorState();
  const aggregator = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: () => NOW });
  await aggregator.observePrevalence(
    known.map(([key, principalKey], i) => ({ action: key, account: `22222222222${i % 3}`, principalKey, time: NOW })),
  );
  return (await aggregator.ingest(envelopesFromFindings(findings))).alerts;
}

const office: Array<[string, string]> = Array.from({ length: 6 }, (_, i) => ['network#as:3303', `role/person-${i}`]);

describe('networks at the aggregator', () => {
  it("dampens a person's first call from a network many principals know (an office), with the reason", async () => {
    const [alert] = await alertsOf([network('AWSReservedSSO_Dev_1', 'as:3303', { roams: true })], office);
    expect(alert!.score).toBe(30);
    expect(alert!.reasons[0]).toBe('A network the organization knows, so ranked lower: as:3303 (6 principals).');
  });

  it("never dampens a workload's, nor a hosting provider's", async () => {
    const [workload] = await alertsOf([network('ci-deploy', 'as:3303', { roams: false })], office);
    expect(workload!.score).toBe(50);
    const [hosting] = await alertsOf(
      [network('AWSReservedSSO_Dev_1', 'as:3303', { roams: true, hosting: true })],
      office,
    );
    expect(hosting!.score).toBe(50);
  });

  it('ties a network new to workloads of two accounts into one incident', async () => {
    const alerts = await alertsOf([
      network('ci-deploy', 'as:14061', { hosting: true }),
      network('app-server-role', 'as:14061', { hosting: true }, '333333333333'),
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'incident' });
    expect(alerts[0]!.title).toMatch(/^One actor in 2 accounts \(a network new to each of them \(as:14061\)\)/);
    expect(alerts[0]!.score).toBeGreaterThan(50);
  });

  it('does not tie people who meet on the same new network', async () => {
    const alerts = await alertsOf([
      network('AWSReservedSSO_Dev_1', 'as:3303', { roams: true }),
      network('AWSReservedSSO_Ops_2', 'as:3303', { roams: true }, '333333333333'),
    ]);
    expect(alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen']);
  });
});
