/**
 * Which local baseline layout serves 1,000 accounts better: one JSON file per account (what the scan
 * uses, `FileBaselineStore`) or one DuckDB database keyed by account. Both do what a scan does per
 * account: load its baseline, look up every pair of a window, write back new and refreshed entries.
 *
 *   npx tsx bench/baseline-store.ts [--accounts 1000] [--entries 300]
 */
import { mkdtemp, rm, stat, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileBaselineStore } from '../functions/adapters/local/baseline/file-store.js';
import { openDuck, sqlString } from '../functions/adapters/local/duckdb/connection.js';
import type { BaselineEntry, PrincipalRecord } from '../functions/engine/baseline/index.js';

export interface BenchBaselineOptions {
  accounts?: number;
  entries?: number;
}

const iso = (d: number): string => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString();

function accountData(a: number, entries: number): { principals: PrincipalRecord[]; entries: BaselineEntry[] } {
  const principals: PrincipalRecord[] = [];
  const out: BaselineEntry[] = [];
  for (let p = 0; p < Math.ceil(entries / 30); p++) {
    const key = `arn:aws:iam::${String(a).padStart(12, '0')}:role/role-${p}`;
    principals.push({
      principalKey: key,
      type: 'AssumedRole',
      arn: key,
      name: `role-${p}`,
      firstSeen: iso(0),
      lastSeen: iso(10),
      expiresAt: iso(375),
    });
    for (let e = 0; e < 30 && out.length < entries; e++) {
      out.push({
        principalKey: key,
        dimension: 'action',
        value: `svc${e % 7}.amazonaws.com:Action${e}`,
        firstSeen: iso(0),
        lastSeen: iso(10),
        expiresAt: iso(100),
      });
    }
  }
  return { principals, entries: out };
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

/** Runs both layouts and returns the lines to print. */
export async function benchBaselineStore(opts: BenchBaselineOptions = {}): Promise<string[]> {
  const accounts = opts.accounts ?? 1000;
  const entries = opts.entries ?? 300;
  const root = await mkdtemp(join(tmpdir(), 'ct-bench-baseline-'));
  const lines: string[] = [];
  try {
    // One JSON file per account.
    const filesDir = join(root, 'files');
    let t0 = performance.now();
    const writer = new FileBaselineStore(filesDir);
    for (let a = 0; a < accounts; a++) {
      const d = accountData(a, entries);
      await writer.commit(String(a), d);
      await writer.putCheckpoint({
        accountId: String(a),
        delivered: { '*': iso(10) },
        watermark: iso(10),
        updatedAt: iso(10),
        runId: 'bench',
      });
    }
    await writer.flush();
    const fileWrite = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const reader = new FileBaselineStore(filesDir);
    for (let a = 0; a < accounts; a++) {
      const d = accountData(a, entries);
      await reader.getPrincipals(
        String(a),
        d.principals.map((p) => p.principalKey),
      );
      await reader.getEntries(String(a), d.entries);
      await reader.commit(String(a), {
        principals: [],
        entries: d.entries.slice(0, 5).map((e) => ({ ...e, lastSeen: iso(12) })),
      });
    }
    await reader.flush();
    const fileRerun = (performance.now() - t0) / 1000;
    lines.push(
      `baseline store, one JSON file per account: ${accounts} accounts x ${entries} entries: write ${fileWrite.toFixed(2)} s, rerun (load, look up all, update 5, save) ${fileRerun.toFixed(2)} s, ${((await dirBytes(filesDir)) / 1e6).toFixed(1)} MB`,
    );

    // One DuckDB database keyed by account.
    const dbPath = join(root, 'baseline.duckdb');
    const duck = await openDuck({ path: dbPath, threads: 2 });
    await duck.connection.run(
      `CREATE TABLE entries (account VARCHAR, principal VARCHAR, dimension VARCHAR, value VARCHAR, first_seen VARCHAR, last_seen VARCHAR, expires_at VARCHAR, PRIMARY KEY (account, principal, dimension, value))`,
    );
    t0 = performance.now();
    for (let a = 0; a < accounts; a++) {
      const d = accountData(a, entries);
      const values = d.entries.map(
        (e) =>
          `(${[String(a), e.principalKey, e.dimension, e.value, e.firstSeen, e.lastSeen, e.expiresAt].map(sqlString).join(', ')})`,
      );
      await duck.connection.run(`INSERT INTO entries VALUES ${values.join(', ')}`);
    }
    await duck.connection.run('CHECKPOINT');
    const dbWrite = (performance.now() - t0) / 1000;
    t0 = performance.now();
    for (let a = 0; a < accounts; a++) {
      await duck.connection.runAndReadAll(`SELECT * FROM entries WHERE account = ${sqlString(String(a))}`);
      const d = accountData(a, entries);
      for (const e of d.entries.slice(0, 5)) {
        await duck.connection.run(
          `UPDATE entries SET last_seen = ${sqlString(iso(12))} WHERE account = ${sqlString(String(a))} AND principal = ${sqlString(e.principalKey)} AND value = ${sqlString(e.value)}`,
        );
      }
    }
    await duck.connection.run('CHECKPOINT');
    const dbRerun = (performance.now() - t0) / 1000;
    duck.close();
    lines.push(
      `baseline store, one DuckDB database keyed by account: write ${dbWrite.toFixed(2)} s, rerun ${dbRerun.toFixed(2)} s, ${((await stat(dbPath)).size / 1e6).toFixed(1)} MB`,
    );
    lines.push(
      `baseline store: per-account files are ${(dbRerun / fileRerun).toFixed(1)}x ${dbRerun >= fileRerun ? 'faster' : 'slower'} on a rerun; each account's file is also what its agent would own`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  for (const line of await benchBaselineStore({ accounts: arg('accounts') ?? 1000, entries: arg('entries') ?? 300 }))
    process.stdout.write(`${line}\n`);
}
