/**
 * `hunt`: every event of one actor across the accounts and regions of an input, in time order. Raw
 * records are read with their own DuckDB query (not the scan's folded activity); an access key's trail
 * follows the keys it minted (role sessions it assumed, access keys it created). Each event is marked:
 * first time its principal did that action in the input, the principal's first event, the record rules
 * it hits, and the alerts of a scan state it belongs to (finding ids are deterministic).
 * @module
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { openDuck } from '../adapters/local/duckdb/connection.js';
import { discoverInputs } from '../adapters/local/files/index.js';
import { searchFiles, spoolStdin } from '../adapters/local/hunt/search.js';
import { AGGREGATOR_STATE_FILE } from '../adapters/local/aggregator-state.js';
import { type CloudTrailRecord, principalOf } from '../engine/cloudtrail/index.js';
import { type Config, enabledRules, ruleContextOf } from '../engine/config/index.js';
import { DETECTOR_VERSION, PRINCIPAL_DIMENSION } from '../engine/detect/index.js';
import { firstSeenFindingId } from '../engine/findings/index.js';
import {
  firstOccurrences,
  matchesSelector,
  mintedKeys,
  needleOf,
  orderTrail,
  type Selector,
  SelectorKind,
  type TrailEvent,
  trailEventOf,
} from '../engine/hunt/index.js';
import { evaluateRules, isWindowRule, RULES } from '../engine/rules/index.js';
import { InputError } from './errors.js';

export interface HuntOptions {
  paths: readonly string[];
  stdin?: Readable;
  selectors: readonly Selector[];
  /** Follow the keys an access key minted (default true). */
  follow?: boolean;
  /** A scan's state folder: alert ids come from its ledger. */
  stateDir?: string;
  config: Config;
  /** Scratch space (standard input spooled there); removed at the end. */
  tempDir: string;
  threads?: number;
  progress?: (message: string) => void;
}

export interface HuntResult {
  events: TrailEvent[];
  /** Access keys followed beyond those asked for, with the key that minted each. */
  followed: Array<{ key: string; mintedBy: string }>;
  files: number;
  accounts: string[];
  /** Whether alert ids came from a scan state. */
  stateUsed: boolean;
  seconds: number;
}

const describe = (s: Selector): string => `${s.kind} ${s.value}`;

/** Alert ids by finding id, from a scan state's ledger (empty when there is none). */
async function alertLedger(stateDir: string | undefined): Promise<Map<string, string> | null> {
  if (stateDir === undefined) return null;
  try {
    const snapshot = JSON.parse(await readFile(join(stateDir, AGGREGATOR_STATE_FILE), 'utf8')) as {
      seen?: Record<string, { alertId: string | null }>;
    };
    return new Map(
      Object.entries(snapshot.seen ?? {}).flatMap(([id, e]) => (e.alertId ? [[id, e.alertId] as const] : [])),
    );
  } catch {
    return null;
  }
}

/** Runs a hunt. */
export async function runHunt(o: HuntOptions): Promise<HuntResult> {
  const started = Date.now();
  const discovery = await discoverInputs(o.paths);
  await mkdir(o.tempDir, { recursive: true });
  const scratch = await mkdtemp(join(o.tempDir, 'hunt-'));
  const files = discovery.files;
  if (discovery.stdin) files.add(await spoolStdin(o.stdin ?? process.stdin, join(scratch, 'stdin.jsonl')));
  if (files.length === 0) {
    await rm(scratch, { recursive: true, force: true });
    throw new InputError(
      `no CloudTrail files to read in ${o.paths.join(', ')}`,
      'give the same input as the scan: a folder (./AWSLogs), files, s3://bucket/prefix or - for standard input',
    );
  }
  const duck = await openDuck({ ...(o.threads ? { threads: o.threads } : {}), tempDirectory: join(scratch, 'duckdb') });
  try {
    const matched = new Map<string, { record: CloudTrailRecord; via: string }>();
    const followed: HuntResult['followed'] = [];
    let pending: Array<{ selector: Selector; via: string }> = o.selectors.map((s) => ({
      selector: s,
      via: describe(s),
    }));
    const hunted = new Set(o.selectors.map(describe));
    for (let depth = 0; pending.length > 0 && depth < 5; depth++) {
      const needles = pending.map((p) => needleOf(p.selector));
      o.progress?.(`searching ${files.length} files for ${pending.map((p) => p.via).join(', ')}`);
      const records = await searchFiles(duck, files, needles.includes(null) ? [] : (needles as string[]));
      const next: typeof pending = [];
      for (const r of records) {
        const hit = pending.find((p) => matchesSelector(r, p.selector));
        if (hit === undefined) continue;
        const id = `${r.recipientAccountId ?? ''}|${r.eventID ?? JSON.stringify(r).slice(0, 200)}`;
        if (!matched.has(id)) matched.set(id, { record: r, via: hit.via });
        if (o.follow === false || hit.selector.kind !== SelectorKind.AccessKey) continue;
        for (const key of mintedKeys(r)) {
          const selector: Selector = { kind: SelectorKind.AccessKey, value: key };
          if (hunted.has(describe(selector))) continue;
          hunted.add(describe(selector));
          followed.push({ key, mintedBy: hit.selector.value });
          next.push({ selector, via: `access-key ${key} (minted by ${hit.selector.value})` });
        }
      }
      pending = next;
    }

    // First occurrences over the whole input, for the principals of the trail.
    const principals = new Map<string, string>();
    for (const { record } of matched.values()) {
      const p = principalOf(record);
      principals.set(p.key, p.arn ?? p.name ?? p.key);
    }
    o.progress?.(`reading the history of ${principals.size} principals`);
    // Only the files of the trail's accounts can hold their history (files outside the layout always can).
    const trailAccounts = new Set([...matched.values()].map(({ record }) => record.recipientAccountId));
    const historyFiles = files.filter((f) => f.layout === null || trailAccounts.has(f.layout.accountId));
    const history =
      principals.size === 0
        ? []
        : (await searchFiles(duck, historyFiles, [...new Set(principals.values())])).filter((r) =>
            principals.has(principalOf(r).key),
          );
    const first = firstOccurrences(history);
    const events = [...matched.values()].map(({ record, via }) => trailEventOf(record, via, first));

    // Rule hits (record rules: a trail is not a whole window) and the alerts they became.
    const accounts = [...new Set(events.map((e) => e.accountId))].sort();
    const rules = enabledRules(RULES, o.config).filter((r) => !isWindowRule(r));
    const ctx = ruleContextOf(
      {
        ...o.config,
        organizationAccountIds: o.config.organizationAccountIds ?? [...files.accounts()],
      },
      DETECTOR_VERSION,
    );
    const ledger = await alertLedger(o.stateDir);
    const byEvent = new Map(events.map((e) => [`${e.accountId}|${e.eventId}`, e]));
    for (const accountId of accounts) {
      const records = events.filter((e) => e.accountId === accountId).map((e) => e.record);
      const times = records.map((r) => String(r.eventTime)).sort();
      const findings = evaluateRules(
        { accountId, window: { start: times[0] ?? '', end: times.at(-1) ?? '' }, records },
        rules,
        ctx,
      );
      for (const f of findings) {
        for (const id of f.evidence.eventIds) {
          const e = byEvent.get(`${accountId}|${id}`);
          if (!e) continue;
          if (!e.rules.includes(f.detectorId)) e.rules.push(f.detectorId);
          const alert = ledger?.get(f.id);
          if (alert && !e.alerts.includes(alert)) e.alerts.push(alert);
        }
      }
    }
    if (ledger) {
      for (const e of events) {
        const ids = [
          ...(e.firstSeen ? [firstSeenFindingId(e.accountId, e.principal.key, 'action', e.action)] : []),
          ...(e.newPrincipal
            ? [firstSeenFindingId(e.accountId, e.principal.key, PRINCIPAL_DIMENSION, e.principal.key)]
            : []),
        ];
        for (const id of ids) {
          const alert = ledger.get(id);
          if (alert && !e.alerts.includes(alert)) e.alerts.push(alert);
        }
      }
    }
    return {
      events: orderTrail(events),
      followed,
      files: files.length,
      accounts,
      stateUsed: ledger !== null,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    duck.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
