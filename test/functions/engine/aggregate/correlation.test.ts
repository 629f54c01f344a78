import { describe, expect, it } from 'vitest';
import { createAggregator, createMemoryAggregatorState } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import { clock, envelope, makeFinding, RecordingSink } from './helpers.js';

const STOLEN = 'AKIAIOSFODNN7EXAMPLE';
const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

function setup() {
  const state = createMemoryAggregatorState();
  const sink = new RecordingSink('sns');
  const time = clock();
  return {
    state,
    sink,
    time,
    agg: createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: time.now, sinks: [sink] }),
  };
}

describe('cross-account correlation', () => {
  it('makes one incident listing all three accounts when one access key acts in each, scored above any single account', async () => {
    const { agg } = setup();
    const findings = ACCOUNTS.map((account, i) =>
      makeFinding({
        account,
        role: `Role${i}`,
        accessKeyId: STOLEN,
        time: `2026-11-20T10:0${i}:00Z`,
        severity: 'medium',
        score: 50,
      }),
    );
    const alone = await setup().agg.ingest([envelope([findings[0]!])]);

    const result = await agg.ingest(findings.map((f) => envelope([f])));

    expect(result.alerts).toHaveLength(1);
    const incident = result.alerts[0]!;
    expect(incident.kind).toBe('incident');
    expect(incident.accounts).toEqual(ACCOUNTS);
    expect(incident.findings).toHaveLength(3);
    expect(incident.title).toContain(STOLEN);
    expect(incident.score).toBeGreaterThan(alone.alerts[0]!.score);
    expect(incident.severity).toBe('high');
    expect(incident.reasons[0]).toMatch(/3 accounts .*within 2 min/);
  });

  it('raises the score with the spread: five accounts outrank two', async () => {
    const two = await setup().agg.ingest(
      ['111111111111', '222222222222'].map((account) => envelope([makeFinding({ account, sourceIp: '203.0.114.9' })])),
    );
    const five = await setup().agg.ingest(
      ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'].map((account) =>
        envelope([makeFinding({ account, sourceIp: '203.0.114.9' })]),
      ),
    );

    expect(two.alerts).toHaveLength(1);
    expect(five.alerts).toHaveLength(1);
    expect(five.alerts[0]!.score).toBeGreaterThan(two.alerts[0]!.score);
  });

  it('does not correlate on private, redacted or service addresses, generic SDK session names or distinct keys', async () => {
    const { agg } = setup();
    const result = await agg.ingest(
      ['10.1.2.3', '0.0.0.0', 'cloudformation.amazonaws.com'].map((sourceIp, i) =>
        envelope([makeFinding({ account: ACCOUNTS[i], role: `R${i}`, sourceIp, sessionName: 'botocore-session-1' })]),
      ),
    );

    expect(result.alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen', 'first-seen']);
  });

  it('needs a third account before the same role name alone ties accounts together', async () => {
    const two = await setup().agg.ingest(
      ACCOUNTS.slice(0, 2).map((account) => envelope([makeFinding({ account, role: 'Admin' })])),
    );
    const three = await setup().agg.ingest(
      ACCOUNTS.map((account) => envelope([makeFinding({ account, role: 'Admin' })])),
    );

    expect(two.alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen']);
    expect(three.alerts.map((a) => a.kind)).toEqual(['incident']);
  });

  it('does not let a shared role name merge two actors the access keys tell apart', async () => {
    const { agg } = setup();
    const four = ['111111111111', '222222222222', '333333333333', '444444444444'];
    const result = await agg.ingest(
      four.map((account, i) =>
        envelope([
          makeFinding({
            account,
            role: 'OrganizationAccountAccessRole',
            accessKeyId: i < 2 ? 'AKIAAAAAAAAAAAAAAAA1' : 'AKIABBBBBBBBBBBBBBB2',
          }),
        ]),
      ),
    );

    expect(result.alerts.map((a) => a.accounts)).toEqual([four.slice(0, 2), four.slice(2)]);
  });

  it('ignores an office or VPN address shared by several people (distinct session names behind it)', async () => {
    const { agg } = setup();
    const result = await agg.ingest([
      envelope([
        makeFinding({ account: ACCOUNTS[0], role: 'Dev', sourceIp: '81.2.73.228', sessionName: 'alice@example.com' }),
      ]),
      envelope([
        makeFinding({ account: ACCOUNTS[1], role: 'Ops', sourceIp: '81.2.73.228', sessionName: 'bob@example.com' }),
      ]),
    ]);

    expect(result.alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen']);
  });

  it('ignores an address shared by an IAM user and someone else', async () => {
    const { agg } = setup();
    const user = makeFinding({ account: ACCOUNTS[0], role: 'x', sourceIp: '81.2.73.228' });
    const asUser = {
      ...user,
      principal: {
        ...user.principal,
        type: 'IAMUser',
        key: `arn:aws:iam::${ACCOUNTS[0]}:user/ops`,
        arn: `arn:aws:iam::${ACCOUNTS[0]}:user/ops`,
      },
    };
    const result = await agg.ingest([
      envelope([asUser]),
      envelope([
        makeFinding({ account: ACCOUNTS[1], role: 'Ops', sourceIp: '81.2.73.228', sessionName: 'bob@example.com' }),
      ]),
    ]);

    expect(result.alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen']);
  });

  it('does not chain a daily routine into one incident: a cluster spans at most the window', async () => {
    const { agg } = setup();
    const times = ['2026-11-18T08:00:00Z', '2026-11-19T04:00:00Z', '2026-11-20T00:00:00Z'];
    const result = await agg.ingest(
      ACCOUNTS.map((account, i) =>
        envelope([makeFinding({ account, role: `R${i}`, accessKeyId: STOLEN, time: times[i] })]),
      ),
    );

    const incident = result.alerts.find((a) => a.kind === 'incident')!;
    expect(incident.accounts).toEqual(ACCOUNTS.slice(0, 2));
    expect(result.alerts).toHaveLength(2);
  });

  it("keeps an Identity Center user's rule matches as their own alerts while grouping their new behaviour", async () => {
    const { agg } = setup();
    const role = 'AWSReservedSSO_Admin_0123456789abcdef';
    const result = await agg.ingest([
      ...ACCOUNTS.map((account) => envelope([makeFinding({ account, role, sessionName: 'alice@example.com' })])),
      envelope([
        makeFinding({
          account: ACCOUNTS[0],
          role,
          sessionName: 'alice@example.com',
          kind: 'rule',
          ruleId: 'aws.cloudtrail.trail-stopped',
          action: 'cloudtrail.amazonaws.com:StopLogging',
        }),
      ]),
    ]);

    expect(result.alerts.map((a) => a.kind).sort()).toEqual(['incident', 'rule']);
    expect(result.alerts.find((a) => a.kind === 'incident')!.title).toBe(
      'Identity Center user alice@example.com in 3 accounts: 1 new action',
    );
  });

  it('weighs an Identity Center user working in several accounts far less than a shared access key', async () => {
    const sso = await setup().agg.ingest(
      ACCOUNTS.map((account) =>
        envelope([
          makeFinding({
            account,
            role: 'AWSReservedSSO_Admin_0123456789abcdef',
            sessionName: 'alice@example.com',
            score: 40,
          }),
        ]),
      ),
    );
    const key = await setup().agg.ingest(
      ACCOUNTS.map((account, i) => envelope([makeFinding({ account, role: `R${i}`, accessKeyId: STOLEN, score: 40 })])),
    );

    expect(sso.alerts.map((a) => a.kind)).toEqual(['incident']);
    expect(sso.alerts[0]!.score).toBeLessThan(key.alerts[0]!.score - 10);
  });

  it('keeps actors apart when their findings are further apart than the window', async () => {
    const { agg } = setup();
    const result = await agg.ingest([
      envelope([makeFinding({ account: ACCOUNTS[0], role: 'A', accessKeyId: STOLEN, time: '2026-11-18T10:00:00Z' })]),
      envelope([makeFinding({ account: ACCOUNTS[1], role: 'B', accessKeyId: STOLEN, time: '2026-11-20T10:00:00Z' })]),
    ]);

    expect(result.alerts.map((a) => a.kind)).toEqual(['first-seen', 'first-seen']);
  });

  it('links findings arriving in separate invocations into one incident that grows under the same id', async () => {
    const { agg, sink } = setup();
    const f = (account: string, i: number) =>
      makeFinding({ account, role: `Role${i}`, sessionName: 'i-0abc123def4567890', time: `2026-11-20T10:0${i}:00Z` });

    const first = await agg.ingest([envelope([f(ACCOUNTS[0]!, 0)])]);
    const second = await agg.ingest([envelope([f(ACCOUNTS[1]!, 1)])]);
    const third = await agg.ingest([envelope([f(ACCOUNTS[2]!, 2)])]);

    expect(first.alerts[0]!.kind).toBe('first-seen');
    expect(second.alerts[0]!.kind).toBe('incident');
    expect(second.alerts[0]!.accounts).toEqual(ACCOUNTS.slice(0, 2));
    expect(second.alerts[0]!.reasons.join(' ')).toContain(`${ACCOUNTS[0]} (alert ${first.alerts[0]!.id.slice(0, 12)})`);
    expect(third.alerts[0]!.id).toBe(second.alerts[0]!.id);
    expect(third.alerts[0]!.accounts).toEqual(ACCOUNTS);
    expect(third.counts.updates).toBe(1);
    expect(third.alerts[0]!.score).toBeGreaterThan(second.alerts[0]!.score);
    expect(sink.received.map((a) => a.kind)).toEqual(['first-seen', 'incident', 'incident']);
  });

  it('ties an external principal acting in several accounts', async () => {
    const { agg } = setup();
    const result = await agg.ingest(
      ACCOUNTS.slice(0, 2).map((account) =>
        envelope([makeFinding({ account, role: 'Intruder', principalAccount: '999999999999' })]),
      ),
    );

    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]!.reasons[0]).toContain('from outside the account');
  });
});
