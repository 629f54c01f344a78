import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLocalAggregatorState } from '../../../../functions/adapters/local/aggregator-state.js';
import { createAggregator, envelopesFromFindings } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import { clock, makeFinding } from '../../engine/aggregate/helpers.js';
import { stateContract } from '../../engine/aggregate/state-contract.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-agg-state-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

stateContract(
  'local file',
  async () => (await openLocalAggregatorState(await tempDir(), '2026-11-20T12:00:00.000Z', { autoSave: true })).state,
);

describe('local aggregator state file', () => {
  it('emits again after a run that died before saving, and never after one that saved', async () => {
    const dir = await tempDir();
    const findings = [makeFinding({ role: 'A' }), makeFinding({ role: 'B', kind: 'rule' })];
    const run = async (save: boolean) => {
      const { state } = await openLocalAggregatorState(dir, '2026-11-20T12:00:00.000Z');
      const result = await createAggregator({ state, config: DEFAULT_AGGREGATOR_CONFIG, now: clock().now }).ingest(
        envelopesFromFindings(findings),
      );
      if (save) await state.save('2026-11-20T12:00:00.000Z');
      return result;
    };

    const crashed = await run(false);
    const first = await run(true);
    const second = await run(true);

    expect(crashed.alerts).toHaveLength(2);

    expect(first.alerts).toHaveLength(2);
    expect(second.alerts).toHaveLength(0);
    expect(second.duplicates).toBe(2);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'aggregator.json'), 'utf8')).version).toBe(1);
  });

  it('keeps a corrupt file aside, reports it and starts empty', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'aggregator.json'), '{"version":1,"seen":');

    const { state, problem } = await openLocalAggregatorState(dir, '2026-11-20T12:00:00.000Z');

    expect(problem).toMatch(/could not be read.*kept as .*aggregator\.json\.corrupt-2026-11-20T12-00-00-000Z/);
    expect(await state.listHeartbeats()).toEqual([]);
    expect((await readdir(dir)).some((f) => f.startsWith('aggregator.json.corrupt-'))).toBe(true);
  });
});
