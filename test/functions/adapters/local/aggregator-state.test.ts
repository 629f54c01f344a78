import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocalAggregatorState } from '../../../../functions/adapters/local/aggregator-state.js';
import { createAggregator, envelopesFromFindings } from '../../../../functions/engine/aggregate/index.js';
import { DEFAULT_AGGREGATOR_CONFIG } from '../../../../functions/engine/config/index.js';
import { clock, makeFinding } from '../../engine/aggregate/helpers.js';
import { stateContract } from '../../engine/aggregate/state-contract.js';
import { makeTempDir } from '../../../support/temp-dir.js';

/** A fresh state folder, removed after the last test. */
const tempDir = (): string => makeTempDir('ct-agg-state-');

stateContract(
  'local file',
  async () => (await openLocalAggregatorState(tempDir(), '2026-11-20T12:00:00.000Z', { autoSave: true })).state,
);

describe('local aggregator state file', () => {
  it('emits again after a run that died before saving, and never after one that saved', async () => {
    const dir = tempDir();
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
    const dir = tempDir();
    await writeFile(join(dir, 'aggregator.json'), '{"version":1,"seen":');

    const { state, problem } = await openLocalAggregatorState(dir, '2026-11-20T12:00:00.000Z');

    expect(problem).toMatch(/could not be read.*kept as .*aggregator\.json\.corrupt-2026-11-20T12-00-00-000Z/);
    expect(await state.listHeartbeats()).toEqual([]);
    expect((await readdir(dir)).some((f) => f.startsWith('aggregator.json.corrupt-'))).toBe(true);
  });
});
