/**
 * The local baseline store: one JSON file per account under `<state>/baseline/`, as each account's
 * agent keeps its own baseline. Accounts load lazily; writes stay in memory until `flush()`, which the
 * scan calls only after its alerts are written, so a crash loses no alert (the rerun redoes the work).
 * An account the scan is done with can be parked: written aside and dropped from memory until `flush()`
 * moves it into place, so memory holds one account's state, not the organization's.
 * @module
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Dimension,
  entryId,
  type BaselineCommit,
  type BaselineEntry,
  type BaselineStore,
  type Checkpoint,
  type ClaimResult,
  type EntryKey,
  mergeDelivered,
  type PrincipalRecord,
  type WindowState,
} from '../../../engine/baseline/index.js';

/** 2: checkpoints by delivery position, window-rule states. Version 1 files are read (their checkpoint has no position). */
const FORMAT_VERSION = 2;

/** Entries on disk: [principalKey, dimension, value, firstSeen, lastSeen, expiresAt]. */
type EntryTuple = [string, string, string, string, string, string];

interface AccountFile {
  version: number;
  accountId: string;
  checkpoint: Checkpoint | null;
  principals: PrincipalRecord[];
  entries: EntryTuple[];
  windowStates?: WindowState[];
  /** Keys of the delivery files scans have read (absent in files written before scans kept them). */
  filesRead?: string[];
}

interface AccountState {
  checkpoint: Checkpoint | null;
  windowStates: Map<string, WindowState>;
  principals: Map<string, PrincipalRecord>;
  entries: Map<string, BaselineEntry>;
  /** Confirmed entries per principal and dimension, computed on demand. */
  counts: Map<string, Record<string, number>> | null;
  /** Keys of the delivery files read; null when the file predates the list. */
  filesRead: Set<string> | null;
}

const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);
const earlier = (a: string, b: string): string => (Date.parse(a) <= Date.parse(b) ? a : b);

/** Thrown when a baseline file exists but cannot be used: the scan stops rather than forget history. */
export class BaselineFileError extends Error {
  constructor(path: string, cause: unknown) {
    super(`Baseline file ${path} is unreadable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'BaselineFileError';
  }
}

/** A BaselineStore over per-account JSON files. */
export class FileBaselineStore implements BaselineStore {
  private readonly accounts = new Map<string, AccountState>();
  private readonly dirty = new Set<string>();
  /** Changed accounts written aside by `park()`, no longer in memory. */
  private readonly parked = new Set<string>();
  private readonly parkDir: string | null;

  /**
   * @param dir the baseline folder
   * @param options.parkDir where `park()` writes accounts aside (none: `park()` keeps them in memory); a folder of
   *   this process alone, removed by `flush()`
   */
  constructor(
    private readonly dir: string,
    options: { parkDir?: string } = {},
  ) {
    this.parkDir = options.parkDir ?? null;
  }

  private fileOf(accountId: string): string {
    return join(this.dir, fileNameOf(accountId));
  }

  /** An account's state, cached: what changes it and what the run reads. */
  private async state(accountId: string): Promise<AccountState> {
    const cached = this.accounts.get(accountId);
    if (cached) return cached;
    const state = await this.load(accountId);
    // From now on memory holds the account's state: `flush()` writes it from there, not from the parked file.
    this.parked.delete(accountId);
    this.accounts.set(accountId, state);
    return state;
  }

  /** Reads an account's state: parked (as it was in memory) or its baseline file. */
  private async load(accountId: string): Promise<AccountState> {
    const state: AccountState = {
      checkpoint: null,
      windowStates: new Map(),
      principals: new Map(),
      entries: new Map(),
      counts: null,
      filesRead: new Set(),
    };
    // A parked account waits in the park folder, never where a baseline is read.
    const path =
      this.parked.has(accountId) && this.parkDir ? join(this.parkDir, fileNameOf(accountId)) : this.fileOf(accountId);
    let text: string | null = null;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new BaselineFileError(path, error);
    }
    if (text !== null) {
      try {
        const file = JSON.parse(text) as AccountFile;
        if (file.version !== FORMAT_VERSION && file.version !== 1)
          throw new Error(`format version ${String(file.version)}, expected ${FORMAT_VERSION}`);
        state.checkpoint =
          file.checkpoint === null ? null : { ...file.checkpoint, delivered: file.checkpoint.delivered ?? {} };
        for (const w of file.windowStates ?? []) state.windowStates.set(w.key, w);
        state.filesRead = file.filesRead ? new Set(file.filesRead) : null;
        for (const p of file.principals) state.principals.set(p.principalKey, p);
        for (const [principalKey, dimension, value, firstSeen, lastSeen, expiresAt] of file.entries) {
          const entry: BaselineEntry = { principalKey, dimension, value, firstSeen, lastSeen, expiresAt };
          state.entries.set(entryId(entry), entry);
        }
      } catch (error) {
        throw new BaselineFileError(path, error);
      }
    }
    return state;
  }

  async getPrincipals(accountId: string, keys: readonly string[]): Promise<Map<string, PrincipalRecord>> {
    const s = await this.state(accountId);
    if (s.counts === null) {
      s.counts = new Map();
      for (const e of s.entries.values()) {
        if (e.claim !== undefined) continue;
        const counts = s.counts.get(e.principalKey) ?? {};
        counts[e.dimension] = (counts[e.dimension] ?? 0) + 1;
        s.counts.set(e.principalKey, counts);
      }
    }
    const out = new Map<string, PrincipalRecord>();
    for (const key of keys) {
      const p = s.principals.get(key);
      if (!p) continue;
      const { [Dimension.Action]: actions = 0, ...others } = s.counts.get(key) ?? {};
      out.set(key, { ...p, knownValues: actions, known: others });
    }
    return out;
  }

  async getEntries(accountId: string, keys: readonly EntryKey[]): Promise<Map<string, BaselineEntry>> {
    const s = await this.state(accountId);
    const out = new Map<string, BaselineEntry>();
    for (const key of keys) {
      const id = entryId(key);
      const e = s.entries.get(id);
      if (e) out.set(id, e);
    }
    return out;
  }

  async claim(accountId: string, entries: readonly BaselineEntry[], now: string): Promise<ClaimResult> {
    const s = await this.state(accountId);
    const result: ClaimResult = { claimed: [], lost: [] };
    const nowMs = Date.parse(now);
    for (const entry of entries) {
      const id = entryId(entry);
      const existing = s.entries.get(id);
      const open =
        existing === undefined ||
        (existing.claim === undefined && Date.parse(existing.expiresAt) <= Date.parse(entry.firstSeen)) ||
        (existing.claim !== undefined &&
          (existing.claim.runId === entry.claim?.runId || Date.parse(existing.claim.leaseUntil) <= nowMs));
      if (open) {
        s.entries.set(id, { ...entry });
        result.claimed.push(entry);
      } else {
        result.lost.push(entry);
      }
    }
    this.dirty.add(accountId);
    return result;
  }

  async commit(accountId: string, commit: BaselineCommit): Promise<void> {
    const s = await this.state(accountId);
    for (const entry of commit.entries) {
      const id = entryId(entry);
      const existing = s.entries.get(id);
      const { claim: _claim, ...clean } = entry;
      const merge =
        existing !== undefined &&
        existing.claim === undefined &&
        Date.parse(existing.expiresAt) > Date.parse(entry.firstSeen);
      s.entries.set(
        id,
        merge
          ? {
              ...clean,
              firstSeen: earlier(existing.firstSeen, entry.firstSeen),
              lastSeen: later(existing.lastSeen, entry.lastSeen),
              expiresAt: later(existing.expiresAt, entry.expiresAt),
            }
          : clean,
      );
    }
    for (const p of commit.principals) {
      const { knownValues: _count, known: _known, ...record } = p;
      s.principals.set(p.principalKey, record);
    }
    for (const w of commit.windowStates ?? []) s.windowStates.set(w.key, w);
    s.counts = null;
    this.dirty.add(accountId);
  }

  async getWindowStates(accountId: string, keys: readonly string[]): Promise<Map<string, WindowState>> {
    const s = await this.state(accountId);
    const out = new Map<string, WindowState>();
    for (const key of keys) {
      const w = s.windowStates.get(key);
      if (w) out.set(key, w);
    }
    return out;
  }

  async getCheckpoint(accountId: string): Promise<Checkpoint | undefined> {
    return (await this.state(accountId)).checkpoint ?? undefined;
  }

  async putCheckpoint(checkpoint: Checkpoint): Promise<void> {
    const s = await this.state(checkpoint.accountId);
    const prior = s.checkpoint;
    s.checkpoint =
      prior === null
        ? checkpoint
        : {
            ...checkpoint,
            delivered: mergeDelivered(prior.delivered, checkpoint.delivered),
            watermark: later(prior.watermark, checkpoint.watermark),
          };
    this.dirty.add(checkpoint.accountId);
  }

  /** Accounts that have a baseline file or were touched in this process. */
  async listAccounts(): Promise<string[]> {
    let names: string[] = [];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return [...new Set([...names, ...this.accounts.keys(), ...this.parked])].sort();
  }

  /** Every live entry of an account (for prevalence and reports). */
  async entriesOf(accountId: string): Promise<BaselineEntry[]> {
    // Read through, not cached: the alerts read every account's entries once, one account at a time.
    return [...(this.accounts.get(accountId) ?? (await this.load(accountId))).entries.values()];
  }

  /**
   * The delivery files earlier scans of an account read (by key), or null when its state predates the list:
   * a folder scanned again reads every file not in it, however old its delivery stamp.
   */
  async filesRead(accountId: string): Promise<ReadonlySet<string> | null> {
    return (await this.state(accountId)).filesRead;
  }

  /** Records delivery files as read; written with the rest of the account's state by `flush()`. */
  async markFilesRead(accountId: string, keys: Iterable<string>): Promise<void> {
    const s = await this.state(accountId);
    s.filesRead ??= new Set();
    for (const key of keys) s.filesRead.add(key);
    this.dirty.add(accountId);
  }

  /**
   * Writes an account the caller is done with aside, as it is in memory, and frees its memory; reads load it
   * again. Its baseline file is untouched until `flush()`: a crash before it loses nothing (the rerun redoes
   * the work). An account holding a claim not yet confirmed stays in memory (a claim is never written).
   */
  async park(accountId: string): Promise<void> {
    const s = this.accounts.get(accountId);
    if (!this.parkDir || !s || [...s.entries.values()].some((e) => e.claim !== undefined)) return;
    if (this.dirty.has(accountId)) {
      const path = join(this.parkDir, fileNameOf(accountId));
      await mkdir(this.parkDir, { recursive: true });
      await writeFile(path, JSON.stringify(accountFile(accountId, s, Number.NEGATIVE_INFINITY)));
      this.parked.add(accountId);
    }
    this.accounts.delete(accountId);
  }

  /** Writes every changed account atomically (temp file + rename); entries expired before the watermark are purged, like DynamoDB TTL. */
  async flush(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const accountId of [...this.dirty].sort()) {
      // A parked account is read back one at a time: memory holds one account's state.
      const s = this.accounts.get(accountId) ?? (this.parked.has(accountId) ? await this.load(accountId) : null);
      if (!s) continue;
      const horizon = s.checkpoint ? Date.parse(s.checkpoint.watermark) : Number.NEGATIVE_INFINITY;
      const path = this.fileOf(accountId);
      await writeFile(`${path}.tmp`, JSON.stringify(accountFile(accountId, s, horizon)));
      await rename(`${path}.tmp`, path);
    }
    this.dirty.clear();
    if (this.parkDir) await rm(this.parkDir, { recursive: true, force: true });
    this.parked.clear();
  }
}

/** The file name of an account's state (in the baseline folder, or the park folder). */
function fileNameOf(accountId: string): string {
  return `${accountId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** An account's file: entries, principals and window states expired before `horizon` are left out, and unconfirmed claims. */
function accountFile(accountId: string, s: AccountState, horizon: number): AccountFile {
  const entries: EntryTuple[] = [];
  for (const e of s.entries.values()) {
    if (e.claim !== undefined) continue; // an unconfirmed claim is never persisted: the rerun claims again
    if (Date.parse(e.expiresAt) < horizon) continue;
    entries.push([e.principalKey, e.dimension, e.value, e.firstSeen, e.lastSeen, e.expiresAt]);
  }
  return {
    version: FORMAT_VERSION,
    accountId,
    checkpoint: s.checkpoint,
    principals: [...s.principals.values()].filter((p) => Date.parse(p.expiresAt) >= horizon),
    entries,
    windowStates: [...s.windowStates.values()].filter((w) => Date.parse(w.expiresAt) >= horizon),
    ...(s.filesRead ? { filesRead: [...s.filesRead] } : {}),
  };
}
