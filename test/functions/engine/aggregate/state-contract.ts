/** Behaviour every AggregatorState adapter must show; run against memory, the local file and DynamoDB. */
import { describe, expect, it } from 'vitest';
import { ClaimStatus, createAggregator, type AggregatorState } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import type { Heartbeat } from '../../../../functions/engine/findings/index.js';
import { clock, envelope, makeFinding, RecordingSink } from './helpers.js';

const NOW = '2026-11-20T12:00:00.000Z';
const LEASE = '2026-11-20T12:05:00.000Z';

/** Registers the contract tests; `make` returns a fresh, empty state. */
export function stateContract(name: string, make: () => Promise<AggregatorState>): void {
  describe(`${name} state contract`, () => {
    it('claims a new finding once, reports a live claim of another owner as busy and a recorded one as seen', async () => {
      const state = await make();
      expect((await state.claimFindings(['aa01', 'aa02'], 'one', NOW, LEASE)).get('aa01')).toBe(ClaimStatus.Claimed);
      expect((await state.claimFindings(['aa01'], 'two', NOW, LEASE)).get('aa01')).toBe(ClaimStatus.Busy);
      expect((await state.claimFindings(['aa01'], 'one', NOW, LEASE)).get('aa01')).toBe(ClaimStatus.Claimed);
      await state.commit({
        seen: [{ findingId: 'aa01', alertId: 'bb01' }],
        seenExpiresAt: '2026-12-20T12:00:00.000Z',
        release: ['aa02'],
        sightings: [],
        alerts: [],
        alertExpiresAt: '2026-12-20T12:00:00.000Z',
      });
      const after = await state.claimFindings(['aa01', 'aa02'], 'two', NOW, LEASE);
      expect(after.get('aa01')).toBe(ClaimStatus.Seen);
      expect(after.get('aa02')).toBe(ClaimStatus.Claimed);
    });

    it('lets a lapsed claim and an expired dedup record be claimed again', async () => {
      const state = await make();
      await state.claimFindings(['cc01'], 'one', NOW, LEASE);
      await state.commit({
        seen: [{ findingId: 'cc02', alertId: 'bb' }],
        seenExpiresAt: '2026-11-21T00:00:00.000Z',
        release: [],
        sightings: [],
        alerts: [],
        alertExpiresAt: LEASE,
      });
      const later = await state.claimFindings(
        ['cc01', 'cc02'],
        'two',
        '2026-11-22T00:00:00.000Z',
        '2026-11-22T00:05:00.000Z',
      );
      expect([...later.values()]).toEqual([ClaimStatus.Claimed, ClaimStatus.Claimed]);
    });

    it('merges alert deliveries per revision and forgets expired alerts', async () => {
      const state = await make();
      const record = {
        id: 'dd01',
        kind: 'first-seen' as const,
        revision: 'ee01',
        firstCreatedAt: NOW,
        updatedAt: NOW,
        severity: 'medium' as const,
        score: 50,
        accounts: ['111111111111'],
        values: ['x'],
        findingIds: ['aa'],
        delivered: { ee01: ['sns'] },
      };
      const base = {
        seen: [],
        seenExpiresAt: LEASE,
        release: [],
        sightings: [],
        alertExpiresAt: '2026-12-01T00:00:00.000Z',
      };
      await state.commit({ ...base, alerts: [record] });
      await state.commit({ ...base, alerts: [{ ...record, updatedAt: LEASE, delivered: { ee01: ['slack'] } }] });
      const got = (await state.getAlerts(['dd01', 'missing'], NOW)).get('dd01');
      expect(got?.delivered.ee01).toEqual(['slack', 'sns']);
      expect(got?.firstCreatedAt).toBe(NOW);
      expect((await state.getAlerts(['dd01'], '2026-12-02T00:00:00.000Z')).size).toBe(0);
    });

    it('keeps one sighting per account per actor key', async () => {
      const state = await make();
      const s = (account: string, eventTime: string) => ({
        key: 'access-key:AKIAX',
        sighting: { account, eventTime, alertId: `al${account}`, incidentId: null },
        expiresAt: '2026-11-22T00:00:00.000Z',
      });
      const base = { seen: [], seenExpiresAt: LEASE, release: [], alerts: [], alertExpiresAt: LEASE };
      await state.commit({
        ...base,
        sightings: [s('111111111111', '2026-11-20T10:00:00.000Z'), s('222222222222', '2026-11-20T10:01:00.000Z')],
      });
      await state.commit({ ...base, sightings: [s('111111111111', '2026-11-20T11:00:00.000Z')] });
      const rec = (await state.getActors(['access-key:AKIAX', 'none'])).get('access-key:AKIAX');
      expect(rec?.sightings.map((x) => `${x.account}@${x.eventTime}`)).toEqual([
        '111111111111@2026-11-20T11:00:00.000Z',
        '222222222222@2026-11-20T10:01:00.000Z',
      ]);
    });

    it('counts accounts and distinct principals per action, idempotently', async () => {
      const state = await make();
      const obs = [
        { action: 'iam:CreateUser', account: '111111111111', principalKey: 'p1', time: NOW },
        { action: 'iam:CreateUser', account: '111111111111', principalKey: 'p2', time: NOW },
        { action: 'iam:CreateUser', account: '222222222222', principalKey: null, time: NOW },
      ];
      await state.addPrevalence(obs, '2027-02-01T00:00:00.000Z');
      await state.addPrevalence(obs, '2027-02-01T00:00:00.000Z');
      const view = await state.getPrevalence(['iam:CreateUser', 'iam:Other']);
      expect(Object.keys(view.actions.get('iam:CreateUser')!.accounts).sort()).toEqual([
        '111111111111',
        '222222222222',
      ]);
      expect(view.actions.get('iam:CreateUser')!.principals).toBe(2);
      expect(view.actions.has('iam:Other')).toBe(false);
      expect(Object.keys(view.knownAccounts).sort()).toEqual(['111111111111', '222222222222']);
    });

    it('stores the latest heartbeat per account', async () => {
      const state = await make();
      const hb = (accountId: string, runId: string): Heartbeat => ({
        schemaVersion: 1,
        accountId,
        region: null,
        runId,
        startedAt: NOW,
        finishedAt: NOW,
        windowFrom: null,
        windowTo: null,
        watermark: null,
        counts: { records: 3 },
        learnedActions: [],
        detectorVersion: 'v',
      });
      await state.putHeartbeats(
        [{ accountId: '111111111111', receivedAt: NOW, heartbeat: hb('111111111111', 'r1') }],
        '2026-12-20T00:00:00.000Z',
      );
      await state.putHeartbeats(
        [
          { accountId: '111111111111', receivedAt: LEASE, heartbeat: hb('111111111111', 'r2') },
          { accountId: '222222222222', receivedAt: NOW, heartbeat: hb('222222222222', 'r3') },
        ],
        '2026-12-20T00:00:00.000Z',
      );
      const all = (await state.listHeartbeats()).sort((a, b) => a.accountId.localeCompare(b.accountId));
      expect(all.map((h) => `${h.accountId}:${h.heartbeat.runId}`)).toEqual(['111111111111:r2', '222222222222:r3']);
      expect(all[0]!.heartbeat.counts).toEqual({ records: 3 });
    });

    it('keeps one record per agent region, with its failure streak, last good run, last watermark and version start', async () => {
      const state = await make();
      const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
      const hb = (region: string, run: string, over: Partial<Heartbeat>): Heartbeat => ({
        schemaVersion: 1,
        accountId: '111111111111',
        region,
        runId: run,
        startedAt: NOW,
        finishedAt: NOW,
        windowFrom: null,
        windowTo: null,
        watermark: null,
        counts: {},
        learnedActions: [],
        detectorVersion: 'v',
        ...over,
      });
      const put = (minutes: number, heartbeat: Heartbeat) =>
        state.putHeartbeats(
          [{ accountId: '111111111111', receivedAt: at(minutes), heartbeat }],
          '2026-12-20T00:00:00.000Z',
        );
      await put(0, hb('eu-west-1', 'ok', { outcome: 'complete', watermark: at(-20), agentVersion: 'a1' }));
      await put(
        60,
        hb('eu-west-1', 'f1', { outcome: 'failed', errorClass: 'trail-access-denied', agentVersion: 'a1' }),
      );
      await put(
        120,
        hb('eu-west-1', 'f2', { outcome: 'failed', errorClass: 'trail-access-denied', agentVersion: 'a2' }),
      );
      await put(10, hb('eu-west-1', 'late', { outcome: 'complete', agentVersion: 'a1' }));
      await put(30, hb('us-east-1', 'old', { counts: { failed: 1 } }));

      const byRegion = new Map((await state.listHeartbeats()).map((h) => [h.heartbeat.region, h]));

      expect(byRegion.get('eu-west-1')).toMatchObject({
        accountId: '111111111111',
        receivedAt: at(120),
        heartbeat: { runId: 'f2', errorClass: 'trail-access-denied' },
        failedInARow: 2,
        lastOkAt: at(0),
        watermark: at(-20),
        versionSince: at(120),
      });
      expect(byRegion.get('us-east-1')).toMatchObject({ failedInARow: 1, lastOkAt: null, versionSince: at(30) });
    });

    it('drives the aggregator end to end: one alert per delivered finding and an incident across invocations', async () => {
      const state = await make();
      const sink = new RecordingSink('sns');
      const agg = createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: clock().now, sinks: [sink] });
      const a = makeFinding({ account: '111111111111', role: 'A', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
      const b = makeFinding({ account: '222222222222', role: 'B', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
      await agg.ingest([envelope([a])]);
      await agg.ingest([envelope([a])]);
      const second = await agg.ingest([envelope([b])]);
      expect(sink.received.map((x) => x.kind)).toEqual(['first-seen', 'incident']);
      expect(second.alerts[0]!.accounts).toEqual(['111111111111', '222222222222']);
    });
  });
}
