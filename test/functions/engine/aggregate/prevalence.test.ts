import { describe, expect, it } from 'vitest';
import { createAggregator, createMemoryAggregatorState } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import { clock, envelope, makeFinding } from './helpers.js';

const OTHERS = ['100000000001', '100000000002', '100000000003', '100000000004', '100000000005'];
const ACTION = 'ec2.amazonaws.com:DescribeInstances';

async function scoreOf(observeIn: string[], action = ACTION) {
  const state = createMemoryAggregatorState();
  const time = clock();
  const agg = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: time.now });
  await agg.observePrevalence(
    OTHERS.map((account) => ({
      action: 's3.amazonaws.com:ListBuckets',
      account,
      principalKey: null,
      time: time.now(),
    })),
  );
  await agg.observePrevalence(
    observeIn.map((account, i) => ({
      action,
      account,
      principalKey: `arn:aws:iam::${account}:role/R${i}`,
      time: time.now(),
    })),
  );
  const result = await agg.ingest([envelope([makeFinding({ account: '123456789012', action, score: 50 })])]);
  return result.alerts[0]!;
}

describe('org prevalence', () => {
  it('dampens a first-seen action that most other accounts already do', async () => {
    const neutral = await scoreOf(OTHERS.slice(0, 1));
    const common = await scoreOf(OTHERS);

    expect(common.score).toBeLessThan(neutral.score);
    expect(common.reasons.join(' ')).toMatch(
      /Routine in the organization.*ec2:DescribeInstances is routine elsewhere \(5 of 5 other accounts, 5 principals\)/,
    );
  });

  it('raises a first-seen action no account in the organization has ever done', async () => {
    const neutral = await scoreOf(OTHERS.slice(0, 1));
    const unseen = await scoreOf([]);

    expect(unseen.score).toBeGreaterThan(neutral.score);
    expect(unseen.reasons.join(' ')).toMatch(
      /Never seen anywhere in the organization \(5 accounts reporting\): ec2:DescribeInstances/,
    );
  });

  it('says nothing about the org when it knows too few accounts to judge', async () => {
    const state = createMemoryAggregatorState();
    const agg = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: clock().now });
    const result = await agg.ingest([envelope([makeFinding({ score: 50 })])]);

    expect(result.alerts[0]!.score).toBe(50);
    expect(result.alerts[0]!.reasons.join(' ')).not.toMatch(/organization/);
  });

  it('learns prevalence from the findings it alerted on', async () => {
    const state = createMemoryAggregatorState();
    const agg = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: clock().now });
    await agg.ingest(OTHERS.map((account, i) => envelope([makeFinding({ account, role: `R${i}`, action: ACTION })])));

    const view = await state.getPrevalence([ACTION]);
    expect(Object.keys(view.actions.get(ACTION)!.accounts).sort()).toEqual(OTHERS);
    expect(view.actions.get(ACTION)!.principals).toBe(5);
  });
});
