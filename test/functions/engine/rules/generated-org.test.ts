import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchesCandidate } from '../../../../functions/engine/activity/index.js';
import type { CloudTrailRecord } from '../../../../functions/engine/cloudtrail/index.js';
import type { Finding } from '../../../../functions/engine/findings/index.js';
import { RULES, candidateFilterOf, evaluateRulesDetailed } from '../../../../functions/engine/rules/index.js';
import {
  RULE_IDS,
  type TruthEntry,
  generateOrganization,
  resolveOptions,
} from '../../../../functions/generator/index.js';
import { useTempDir } from '../../../support/temp-dir.js';

const HOUR = 3_600_000;

function deliveryFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return deliveryFiles(path);
    return path.endsWith('.json.gz') ? [path] : [];
  });
}

describe('rules on a generated organization', () => {
  const dir = useTempDir('ct-rules-org-', 'all');
  let truth: TruthEntry[];
  let findings: Finding[];
  let errors: number;

  beforeAll(async () => {
    // Prepare: a small org past its learning period, with every rule injection and near-miss.
    const options = resolveOptions({ accounts: 3, days: 18, seed: 'rules-catalog', out: dir(), activity: 0.05 });
    if (!options.ok) throw new Error(options.reason);
    const summary = await generateOrganization(options.options);
    const orgAccounts = new Set(summary.organization.accounts.map((a) => a.id));
    truth = readFileSync(join(dir(), 'ground-truth.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TruthEntry);
    // Act: candidates per account and hour window, as the scan hands them to the rules.
    const filter = candidateFilterOf(RULES);
    const windows = new Map<string, CloudTrailRecord[]>();
    for (const file of deliveryFiles(join(dir(), 'AWSLogs'))) {
      const body = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { Records?: CloudTrailRecord[] };
      for (const r of body.Records ?? []) {
        if (!matchesCandidate(filter, r)) continue;
        const key = `${r.recipientAccountId}|${Math.floor(Date.parse(r.eventTime ?? '') / HOUR)}`;
        const list = windows.get(key);
        if (list) list.push(r);
        else windows.set(key, [r]);
      }
    }
    findings = [];
    errors = 0;
    for (const [key, records] of windows) {
      const [accountId, hour] = key.split('|') as [string, string];
      const window = {
        start: new Date(Number(hour) * HOUR).toISOString(),
        end: new Date((Number(hour) + 1) * HOUR).toISOString(),
      };
      const out = evaluateRulesDetailed({ accountId, window, records }, RULES, { organizationAccountIds: orgAccounts });
      findings.push(...out.findings);
      errors += out.errors.length;
    }
  }, 120_000);

  const caught = (entry: TruthEntry): boolean =>
    findings.some(
      (f) =>
        f.detectorId === entry.ruleId &&
        f.accountId === entry.accountId &&
        f.evidence.eventIds.some((id) => entry.eventIds.includes(id)),
    );

  it('injects every catalog rule id the generator knows, and the catalog has a rule for each', () => {
    const injected = new Set(truth.filter((t) => t.type === 'rule').map((t) => t.ruleId));
    for (const id of RULE_IDS)
      expect(
        RULES.map((r) => r.id),
        id,
      ).toContain(id);
    expect(injected.size).toBeGreaterThan(RULE_IDS.length * 0.9);
  });

  it('catches every injected rule event', () => {
    const missed = truth.filter((t) => t.type === 'rule' && !caught(t)).map((t) => `${t.ruleId}: ${t.description}`);
    expect(missed).toEqual([]);
    expect(errors).toBe(0);
  });

  it('stays silent on every near-miss', () => {
    const wrong = truth.filter((t) => t.type === 'negative' && caught(t)).map((t) => `${t.ruleId}: ${t.description}`);
    expect(wrong).toEqual([]);
  });
});
