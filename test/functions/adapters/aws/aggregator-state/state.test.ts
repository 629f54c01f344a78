import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoAggregatorState,
  stateDocumentClient,
} from '../../../../../functions/adapters/aws/aggregator-state/index.js';
import { startDynalite, type LocalDynamo } from '../../../../support/dynalite.js';
import { stateContract } from '../../../engine/aggregate/state-contract.js';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

async function freshState(): Promise<DynamoAggregatorState> {
  const name = `state-${++tables}`;
  await dynamo.createTable(name);
  return new DynamoAggregatorState({
    tableName: name,
    client: stateDocumentClient(dynamo.client()),
    sleep: async () => undefined,
  });
}

stateContract('DynamoDB', freshState);

describe('DynamoDB aggregator state', () => {
  it('pages reads beyond 100 keys and writes beyond 25 items', async () => {
    const state = await freshState();
    const ids = Array.from({ length: 130 }, (_, i) => i.toString(16).padStart(4, '0'));
    await state.claimFindings(ids, 'one', '2026-11-20T12:00:00.000Z', '2026-11-20T12:05:00.000Z');
    await state.commit({
      seen: ids.map((findingId) => ({ findingId, alertId: 'a1' })),
      seenExpiresAt: '2026-12-20T00:00:00.000Z',
      release: [],
      sightings: [],
      alerts: [],
      alertExpiresAt: '2026-12-20T00:00:00.000Z',
    });

    const again = await state.claimFindings(ids, 'two', '2026-11-20T12:00:00.000Z', '2026-11-20T12:05:00.000Z');

    expect([...again.values()].every((s) => s === 'seen')).toBe(true);
    const calls = state.counter.snapshot().calls;
    expect(calls['dynamodb:BatchWriteItem']).toBe(6);
    expect(calls['dynamodb:BatchGetItem']).toBe(2);
  });

  it('skips prevalence writes that are fresh (refresh interval)', async () => {
    const state = await freshState();
    const obs = [
      { action: 'iam:CreateUser', account: '111111111111', principalKey: 'p1', time: '2026-11-20T12:00:00.000Z' },
    ];
    await state.addPrevalence(obs, '2027-01-01T00:00:00.000Z');
    const before = state.counter.snapshot().calls['dynamodb:UpdateItem'] ?? 0;

    await state.addPrevalence([{ ...obs[0]!, time: '2026-11-20T13:00:00.000Z' }], '2027-01-01T00:00:00.000Z');

    expect(state.counter.snapshot().calls['dynamodb:UpdateItem'] ?? 0).toBe(before);
  });
});
