/**
 * The local scan: discover files, stage in DuckDB those delivered since each account's checkpoint, then
 * run every account through the same run protocol as the agent (windows in event-time order, per-account
 * baseline, window-rule state and checkpoint). A folder scanned again as it grows reads only what was
 * delivered since (by the stamp in CloudTrail's file names, per region); exports without delivery stamps
 * (JSONL, arrays, standard input) are read whole each time, which the baseline and the alert state make
 * idempotent.
 * @module
 */
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { discoverInputs, type FileTable, type InputFile } from '../adapters/local/files/index.js';
import type { Config } from '../engine/config/index.js';
import { isSelective, selectsLayout, type CloudTrailRecord, type LayoutSelection } from '../engine/cloudtrail/index.js';
import { mergeDelivered } from '../engine/baseline/index.js';
import {
  PRINCIPAL_DIMENSION,
  creationEventOf,
  emptySummary,
  runAccount,
  withCreationEvent,
  type RunSummary,
} from '../engine/detect/index.js';
import type { Rule } from '../engine/rules/index.js';
import { trimRecord, type Finding } from '../engine/findings/index.js';
import { openDuck, type Duck } from '../adapters/local/duckdb/connection.js';
import { creationEvents } from '../adapters/local/duckdb/creation-events.js';
import { stageInputs } from '../adapters/local/duckdb/staging.js';
import { boundHeapGrowth } from './heap.js';
import { DuckActivitySource } from '../adapters/local/duckdb/activity-source.js';
import { FileBaselineStore } from '../adapters/local/baseline/file-store.js';
import { MemoryBus } from '../adapters/local/memory-bus.js';
import { buildDetectors } from './detectors.js';
import { InputError } from './errors.js';
import { untilSource } from './until-source.js';
import { PhaseClock } from './phases.js';
import { pushTo } from '../engine/collections.js';

export interface ScanOptions {
  paths: readonly string[];
  stdin?: Readable;
  stateDir: string;
  config: Config;
  /** Rules beyond the built-in catalog (compiled Sigma rules). */
  extraRules?: readonly Rule[];
  learnOnly: boolean;
  /** Windows ending at or before this time are learned silently (history before an incident). */
  reportFrom?: string;
  /** Events at or after this time are ignored (ISO); the checkpoint does not move past it. */
  until?: string;
  /** The accounts, regions and delivery days of the S3 layout to read (files outside the layout are all read). */
  select?: LayoutSelection;
  /** Wall clock in epoch ms (future-stamp detection and claim leases). */
  nowMs: number;
  threads?: number;
  /** Candidate records an account needs before the source thins them (default `THIN_FROM`; tests thin any account). */
  thinFrom?: number;
  /** DuckDB's memory limit (e.g. `512MB`); beyond it DuckDB spills to the state's temp folder. */
  memoryLimit?: string;
  /** Collects wall time per phase (`--timings`, the benchmark). */
  phases?: PhaseClock;
  progress?: (message: string) => void;
}

export interface ScanResult {
  findings: Finding[];
  summary: RunSummary;
  /** Writes the baseline; call it only after the alerts are safely written. */
  commit: () => Promise<void>;
  store: FileBaselineStore;
  /** Events per hour and account, for the report's volume chart. */
  activity: Array<{ hour: string; accountId: string; events: number }>;
  /** Some account already had a checkpoint in the state (a rerun or a later scan, not a first look). */
  resumed: boolean;
}

/** The key a delivery file is remembered by: its name (CloudTrail's names are unique), hashed to 16 hex digits. */
export function deliveryFileKey(file: InputFile): string {
  // The first 8 bytes as hex, built flat: a slice of the whole hex digest would keep the digest alive.
  return createHash('sha256').update(basename(file.path)).digest().toString('hex', 0, 8);
}

/** What an account's state says was read before: the files' keys, and how far each region's deliveries reach. */
interface ReadBefore {
  keys: ReadonlySet<string> | null;
  positions: Record<string, string>;
}

/**
 * The files to stage: every file without a delivery stamp, and the delivery files an earlier scan of their
 * account did not read. Those stamped more than `lateMs` before the position their region had reached were
 * copied in late (a folder synced out of order): they are read now and counted. A state from before scans
 * kept the files they read falls back to the position: files up to `lateMs` before it are taken as read.
 */
function prune(
  files: FileTable,
  before: ReadonlyMap<string, ReadBefore>,
  lateMs: number,
): { keep: FileTable; pruned: number; late: number } {
  let pruned = 0;
  let late = 0;
  const keep = files.filter((file) => {
    const l = file.layout;
    const state = l?.deliveredAt ? before.get(l.accountId) : undefined;
    if (!l?.deliveredAt || !state) return true;
    const position = state.positions[l.region];
    const behind = position !== undefined && Date.parse(l.deliveredAt) <= Date.parse(position) - lateMs;
    if (state.keys ? state.keys.has(deliveryFileKey(file)) : behind) {
      pruned++;
      return false;
    }
    if (behind) late++;
    return true;
  });
  return { keep, pruned, late };
}

/**
 * The delivery position each staged account reaches, per region (only files with a stamp have one); with
 * `until`, no further than it, so a later scan still reads the files that hold what was ignored.
 */
function stagedPositions(files: Iterable<InputFile>, until?: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const f of files) {
    const l = f.layout;
    if (!l?.deliveredAt || (until !== undefined && Date.parse(l.deliveredAt) > Date.parse(until))) continue;
    const p = out.get(l.accountId) ?? {};
    if (p[l.region] === undefined || p[l.region]! < l.deliveredAt) p[l.region] = l.deliveredAt;
    out.set(l.accountId, p);
  }
  return out;
}

/** Whether a process is alive (a process we may not signal is alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a dead scan's temp folder is kept: a state shared between hosts may hold a live scan of another host. */
const STALE_SCAN_MS = 12 * 3_600_000;

/**
 * Removes what scans that died left in the state's temp folder (`scan-<pid>`: spooled input and spilled
 * candidate records, up to gigabytes for a large export; `scan-<pid>-baseline`: accounts' states set aside before
 * the commit, which a dead scan never made): folders of pids not running here, untouched for
 * 12 hours. Folders of live scans are left alone.
 */
async function removeStaleScanFolders(tmp: string, nowMs: number): Promise<void> {
  const names = await readdir(tmp).catch(() => [] as string[]);
  for (const name of names) {
    const pid = /^scan-(\d+)(?:-baseline)?$/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || alive(Number(pid))) continue;
    const touched = await stat(join(tmp, name)).then(
      (s) => s.mtimeMs,
      () => nowMs,
    );
    if (nowMs - touched > STALE_SCAN_MS) await rm(join(tmp, name), { recursive: true, force: true });
  }
}

/** Gives findings without raw evidence (first-seen) up to three trimmed records, read back from their files. */
async function attachSamples(findings: Finding[], source: DuckActivitySource): Promise<void> {
  const wanted = findings
    .filter((f) => f.evidence.samples.length === 0)
    .flatMap((f) =>
      f.evidence.eventIds
        .slice(0, 3)
        .map((eventId) => ({ accountId: f.accountId, windowMs: Date.parse(f.window.start), eventId })),
    );
  if (wanted.length === 0) return;
  const records = await source.rawRecords(wanted);
  for (const f of findings) {
    if (f.evidence.samples.length > 0) continue;
    f.evidence.samples = f.evidence.eventIds.slice(0, 3).flatMap((id) => {
      const r = records.get(id);
      return r ? [trimRecord(r)] : [];
    });
  }
}

/** Gives each new IAM user or role its creation event when the input holds it (even before a --since). */
async function attachCreations(findings: Finding[], duck: Duck): Promise<void> {
  const byAccount = new Map<string, Awaited<ReturnType<typeof creationEvents>>>();
  for (const [i, f] of findings.entries()) {
    if (f.dimension !== PRINCIPAL_DIMENSION) continue;
    if (!byAccount.has(f.accountId)) byAccount.set(f.accountId, await creationEvents(duck, f.accountId));
    const creation = creationEventOf(f.principal.key, byAccount.get(f.accountId) ?? []);
    if (creation) findings[i] = withCreationEvent(f, creation);
  }
}

/** The files a scan stages, and what it needs to know of the files it found. */
interface FilesToStage {
  /** Every file without a delivery stamp, and the delivery files no earlier scan of their account read. */
  keep: FileTable;
  stdin: boolean;
  /** The accounts of the S3 layout the files found belong to (read or not). */
  layoutAccounts: ReadonlySet<string>;
  /** Some account already had a checkpoint in the state. */
  resumed: boolean;
}

/**
 * Finds the input files, counts in `summary` the ones skipped and why, and leaves out the ones earlier scans read
 * (each account's state is loaded for its checkpoint, then set aside).
 */
async function filesToStage(o: ScanOptions, summary: RunSummary, store: FileBaselineStore): Promise<FilesToStage> {
  const discovery = await discoverInputs(o.paths, {
    onProgress: (paths: number) => o.progress?.(`finding files: ${paths.toLocaleString('en-US')} paths`),
  });
  const missing = discovery.skipped.filter((s) => s.reason === 'not-found');
  if (missing.length > 0 && missing.length === o.paths.filter((p) => p !== '-').length && !discovery.stdin) {
    throw new InputError(
      `no such file or folder: ${missing.map((m) => m.path).join(', ')}`,
      'check the path; a folder is read recursively (e.g. ./AWSLogs)',
    );
  }
  if (discovery.duplicates > 0) summary.files.skipped['same-file-twice'] = discovery.duplicates;
  for (const s of discovery.skipped) {
    summary.files.skipped[s.reason] = (summary.files.skipped[s.reason] ?? 0) + 1;
    if (s.reason !== 'digest' && s.reason !== 'insight' && summary.problems.length < 200) {
      summary.problems.push({ path: s.path, reason: s.reason, ...(s.detail ? { detail: s.detail } : {}) });
    }
  }
  if (discovery.files.length === 0 && !discovery.stdin) {
    const why =
      discovery.skipped.length > 0
        ? `${discovery.skipped.length} file(s) skipped: ${Object.entries(summary.files.skipped)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ')}`
        : 'nothing found';
    throw new InputError(
      `no CloudTrail files to read in ${o.paths.join(', ')} (${why})`,
      'give a folder of CloudTrail logs (e.g. ./AWSLogs), .json/.json.gz/.jsonl files, or - for standard input',
    );
  }

  const select = o.select ?? {};
  if (isSelective(select)) {
    const before = discovery.files.length;
    discovery.files = discovery.files.filter((f) => f.layout === null || selectsLayout(f.layout, select));
    if (discovery.files.length < before) summary.files.skipped['not-selected'] = before - discovery.files.length;
  }

  const layoutAccounts = discovery.files.accounts();
  const before = new Map<string, ReadBefore>();
  for (const accountId of layoutAccounts) {
    const cp = await store.getCheckpoint(accountId);
    if (cp) before.set(accountId, { keys: await store.filesRead(accountId), positions: cp.delivered });
    // Read again when its windows run: a rerun never holds the whole organization's baselines at once.
    await store.park(accountId);
  }
  const { keep, pruned, late } = prune(discovery.files, before, o.config.lagMinutes * 60_000);
  if (pruned > 0) summary.files.skipped['read-before'] = pruned;
  summary.files.late = late;
  // What returns is all the scan holds of its files: not every file found, nor every file earlier scans read.
  return { keep, stdin: discovery.stdin, layoutAccounts, resumed: before.size > 0 };
}

/** Runs a scan; the caller turns findings into alerts, writes them, then calls `commit()`. */
export async function runScan(o: ScanOptions): Promise<ScanResult> {
  boundHeapGrowth();
  const started = Date.now();
  const phases = o.phases ?? new PhaseClock();
  const discoveryStarted = performance.now();
  const { config } = o;
  const extra = o.extraRules ? { extraRules: o.extraRules } : {};
  const summary = emptySummary({
    learningDays: config.learningDays,
    ttlDays: config.ttlDays,
    windowMinutes: config.windowMinutes,
    lagMinutes: config.lagMinutes,
    learnOnly: o.learnOnly,
  });
  // Each account's state is set aside once its windows are done, so memory holds one account's, not the organization's.
  const store = new FileBaselineStore(join(o.stateDir, 'baseline'), {
    parkDir: join(o.stateDir, 'tmp', `scan-${process.pid}-baseline`),
  });
  const { keep, stdin, layoutAccounts, resumed: resumedRun } = await filesToStage(o, summary, store);
  const reached = stagedPositions(keep, o.until);
  phases.add('discovery', performance.now() - discoveryStarted);

  await removeStaleScanFolders(join(o.stateDir, 'tmp'), Date.now());
  const duck = await openDuck({
    ...(o.threads ? { threads: o.threads } : {}),
    ...(o.memoryLimit ? { memoryLimit: o.memoryLimit } : {}),
    tempDirectory: join(o.stateDir, 'tmp', 'duckdb'),
  });
  try {
    const stagingStarted = performance.now();
    let foldMs = 0;
    const staged = await stageInputs(duck, keep, stdin ? (o.stdin ?? process.stdin) : null, {
      candidates: buildDetectors(o.config, extra).rules?.filter ?? [],
      nowMs: o.nowMs,
      futureToleranceMs: config.futureToleranceMinutes * 60_000,
      windowMs: config.windowMinutes * 60_000,
      tempDir: join(o.stateDir, 'tmp', `scan-${process.pid}`),
      onFolded: (ms) => {
        foldMs += ms;
      },
      onProgress: (done, total) =>
        o.progress?.(
          `reading ${done.files}/${total.files} files (${Math.round(done.bytes / 1e6)}/${Math.round(total.bytes / 1e6)} MB)`,
        ),
    });
    phases.add('staging', performance.now() - stagingStarted - foldMs);
    phases.add('folding', foldMs);
    summary.files.read = staged.files;
    summary.files.bytes = staged.bytes;
    summary.files.malformed = staged.malformedFiles;
    summary.records.read = staged.records;
    summary.records.malformed = staged.malformed;
    summary.records.duplicates = staged.duplicates;
    summary.records.future = staged.future;
    summary.records.oversized = staged.oversized;
    summary.problems.push(...staged.problems.slice(0, Math.max(0, 200 - summary.problems.length)));
    // Remembered with the baseline (written by commit()): a file read in part is read again once complete.
    const broken = new Set(staged.brokenFiles);
    /** The files read, by account (as indexes into `keep`: their keys are made when the account settles). */
    const readNow = new Map<string, number[]>();
    for (let i = 0; i < keep.length; i++) {
      const f = keep.at(i);
      if (!f.layout?.deliveredAt || broken.has(f.path)) continue;
      // A file delivered after --until may hold what was ignored: a later scan reads it again.
      if (o.until !== undefined && Date.parse(f.layout.deliveredAt) > Date.parse(o.until)) continue;
      pushTo(readNow, f.layout.accountId, i);
    }
    /** Records what was read of an account with the rest of its state, then sets the state aside. */
    const settle = async (accountId: string): Promise<void> => {
      const read = readNow.get(accountId);
      if (read)
        await store.markFilesRead(
          accountId,
          read.map((i) => deliveryFileKey(keep.at(i))),
        );
      readNow.delete(accountId);
      await store.park(accountId);
    };

    const source = new DuckActivitySource(duck, staged.fileOf, undefined, o.thinFrom);
    const bounded = o.until !== undefined ? untilSource(source, o.until) : source;
    const accounts = (await source.accounts()).filter(
      (a) => o.select?.accounts === undefined || o.select.accounts.includes(a.accountId),
    );
    const {
      rules: ruleHooks,
      score,
      dimensions,
    } = buildDetectors(config, {
      ...extra,
      accountsSeen: [...new Set([...accounts.map((a) => a.accountId), ...layoutAccounts])],
    });
    // The rules' share of the window loop: observing a window's candidates and judging them.
    const rules = ruleHooks && {
      ...ruleHooks,
      prepare: (records: readonly CloudTrailRecord[]) => {
        const prepared = phases.timeSync('rules', () => ruleHooks.prepare(records), 'window loop');
        return {
          stateKeys: prepared.stateKeys,
          evaluate: (input: Parameters<typeof prepared.evaluate>[0]) =>
            phases.timeSync('rules', () => prepared.evaluate(input), 'window loop'),
        };
      },
    };
    const principals = await source.principalCounts();
    for (const a of accounts) summary.principals += principals.get(a.accountId) ?? 0;
    const loopStarted = performance.now();
    const bus = new MemoryBus();
    const runId = `scan-${o.nowMs}-${process.pid}`;
    let resumed = resumedRun;
    for (const [i, account] of accounts.entries()) {
      o.progress?.(`detecting: account ${account.accountId} (${i + 1}/${accounts.length})`);
      const run = await runAccount({
        accountId: account.accountId,
        source: bounded,
        baseline: store,
        bus,
        config,
        now: new Date(o.nowMs).toISOString(),
        runId,
        // What was staged is this run; the checkpoint records how far each region's deliveries reach.
        range: (cp) => {
          if (cp) resumed = true;
          return {
            delivered: { after: null, upTo: null },
            next: mergeDelivered(cp?.delivered ?? {}, reached.get(account.accountId) ?? {}),
          };
        },
        learnOnly: o.learnOnly,
        ...(o.reportFrom ? { reportFrom: o.reportFrom } : {}),
        ...(rules ? { rules } : {}),
        ...(dimensions ? { dimensions } : {}),
        score,
      });
      summary.windows += run.windows;
      summary.records.serviceCalls += run.serviceEvents;
      summary.findings.learned += run.learned;
      await settle(account.accountId);
    }
    // Accounts whose files held no activity (only malformed records, say) still remember them as read.
    for (const accountId of [...readNow.keys()]) await settle(accountId);
    phases.add('window loop', performance.now() - loopStarted);
    summary.accounts = accounts.length;
    if (accounts.length > 0) {
      summary.period = {
        from: new Date(Math.min(...accounts.map((a) => a.firstMs))).toISOString(),
        to: new Date(Math.max(...accounts.map((a) => a.lastMs))).toISOString(),
      };
    }
    for (const f of bus.findings) {
      if (f.kind === 'first-seen') summary.findings.firstSeen++;
      else summary.findings.rule++;
    }
    await phases.time('evidence', async () => {
      await attachSamples(bus.findings, source);
      await attachCreations(bus.findings, duck);
    });
    await staged.cleanup();
    const activity = await source.volume();
    summary.seconds = (Date.now() - started) / 1000;
    return { findings: bus.findings, summary, store, activity, resumed, commit: () => store.flush() };
  } finally {
    duck.close();
  }
}
