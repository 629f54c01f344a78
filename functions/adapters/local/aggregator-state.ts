/**
 * The aggregator state of the local scan: the in-memory state persisted as one JSON file
 * (`<stateDir>/aggregator.json`), written atomically (temp file + rename) by `save()` once the scan's
 * alerts are safely out (or after every change with `autoSave`), so a rerun of the same scan emits no
 * duplicate alerts, a crash before the alerts are out loses none, and a write never leaves half a file.
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  createMemoryAggregatorState,
  emptySnapshot,
  type AggregatorState,
  type MemoryStateSnapshot,
} from '../../engine/aggregate/index.js';

/** The file name inside the scan's state directory. */
export const AGGREGATOR_STATE_FILE = 'aggregator.json';

/** A file-backed state. */
export interface LocalAggregatorState extends AggregatorState {
  readonly path: string;
  /** Drops expired records and writes the file now. */
  save(now: string): Promise<void>;
}

/** What opening found: the state, and a problem when the old file could not be read (it is kept aside, not lost). */
export interface OpenedLocalState {
  state: LocalAggregatorState;
  problem: string | null;
}

function isSnapshot(value: unknown): value is MemoryStateSnapshot {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    ['seen', 'actors', 'alerts', 'prevalence', 'accounts', 'heartbeats'].every(
      (k) => v[k] !== null && typeof v[k] === 'object',
    )
  );
}

export interface LocalStateOptions {
  /** Write the file after every change instead of only on `save()` (default false). */
  autoSave?: boolean;
}

/**
 * Opens (or starts) the state in `stateDir`. A corrupt or foreign file is renamed to
 * `aggregator.json.corrupt-<time>` and reported in `problem`; the scan goes on with an empty state.
 */
export async function openLocalAggregatorState(
  stateDir: string,
  now: string,
  options: LocalStateOptions = {},
): Promise<OpenedLocalState> {
  const path = join(stateDir, AGGREGATOR_STATE_FILE);
  let snapshot = emptySnapshot();
  let problem: string | null = null;
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (isSnapshot(parsed)) snapshot = parsed;
    else problem = `${path} is not an aggregator state (version 1)`;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT')
      problem = `${path} could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (problem !== null) {
    const aside = `${path}.corrupt-${now.replace(/[:.]/g, '-')}`;
    await rename(path, aside).catch(() => undefined);
    problem += `; kept as ${aside}, starting with an empty state (alerts already sent may be sent again)`;
  }
  const memory = createMemoryAggregatorState(snapshot);
  let lastNow = now;
  const changed = async (): Promise<void> => {
    if (options.autoSave) await save(lastNow);
  };

  async function save(at: string): Promise<void> {
    memory.prune(at);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, JSON.stringify(memory.snapshot()));
    await rename(tmp, path);
  }

  const state: LocalAggregatorState = {
    path,
    save,
    claimFindings: async (ids, owner, at, leaseUntil) => {
      lastNow = at;
      return memory.claimFindings(ids, owner, at, leaseUntil);
    },
    getActors: (keys) => memory.getActors(keys),
    getAlerts: (ids, at) => memory.getAlerts(ids, at),
    getPrevalence: (actions) => memory.getPrevalence(actions),
    listHeartbeats: () => memory.listHeartbeats(),
    addPrevalence: async (observations, expiresAt) => {
      await memory.addPrevalence(observations, expiresAt);
      await changed();
    },
    commit: async (commit) => {
      await memory.commit(commit);
      await changed();
    },
    putHeartbeats: async (records, expiresAt) => {
      await memory.putHeartbeats(records, expiresAt);
      await changed();
    },
  };
  return { state, problem };
}
