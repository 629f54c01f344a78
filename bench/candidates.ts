/**
 * The share of events the rules' prefilter hands over as raw candidates, with the catalog alone and
 * with Sigma rules loaded, over a folder of CloudTrail (a generated organization by default):
 *
 *   npx tsx bench/candidates.ts [./demo-org/AWSLogs] [--sigma examples/sigma]...
 *
 * Counts with the JavaScript twin of the SQL predicate (tests keep the two identical). Prints one line
 * per rule set, the Sigma rules that add the most, and ends with:
 *   candidates catalog X% (n), with Sigma Y% (m), events N
 * @module
 */
import { loadSigmaFolders } from '../functions/adapters/local/sigma-files.js';
import { matchesCandidate } from '../functions/engine/activity/index.js';
import { discoverInputs, readRecords } from '../functions/adapters/local/files/index.js';
import type { CloudTrailRecord } from '../functions/engine/cloudtrail/index.js';
import { RULES, candidateFilterOf } from '../functions/engine/rules/index.js';
import { compileSigmaRules } from '../functions/engine/rules/sigma/index.js';

const args = process.argv.slice(2);
const sigmaPaths = args.flatMap((a, i) => (a === '--sigma' ? [args[i + 1] ?? ''] : []));
const inputs = args.filter((a, i) => a !== '--sigma' && args[i - 1] !== '--sigma');
const paths = inputs.length > 0 ? inputs : ['demo-org/AWSLogs'];
const pct = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(2)}%`;

const folders = await loadSigmaFolders(sigmaPaths.length > 0 ? sigmaPaths : ['examples/sigma']);
const { rules: sigma, errors } = compileSigmaRules(folders.files);
if (errors.length > 0 || folders.problems.length > 0) {
  process.stderr.write(`sigma problems: ${JSON.stringify([...folders.problems, ...errors])}\n`);
  process.exit(1);
}
const catalog = candidateFilterOf(RULES);
const withSigma = candidateFilterOf([...RULES, ...sigma]);
const perRule = new Map(sigma.map((r) => [r.id, 0]));

let events = 0;
let base = 0;
let all = 0;
const discovery = await discoverInputs(paths);
for (const file of discovery.files) {
  for await (const item of readRecords(file)) {
    if (!item.ok) continue;
    const record: CloudTrailRecord = item.record;
    events += 1;
    const inCatalog = matchesCandidate(catalog, record);
    if (inCatalog) base += 1;
    if (matchesCandidate(withSigma, record)) all += 1;
    if (!inCatalog)
      for (const r of sigma) if (matchesCandidate(r.prefilter, record)) perRule.set(r.id, perRule.get(r.id)! + 1);
  }
}
const top = [...perRule].sort((a, b) => b[1] - a[1]).slice(0, 5);
process.stdout.write(
  `events ${events} in ${discovery.files.length} files; ${sigma.length} Sigma rules (${sigma.filter((r) => r.broadPrefilter).length} broad)\n`,
);
process.stdout.write(
  `Sigma rules adding candidates the catalog does not fetch: ${top.map(([id, n]) => `${id} ${n}`).join(', ')}\n`,
);
process.stdout.write(
  `candidates catalog ${pct(base, events)} (${base}), with Sigma ${pct(all, events)} (${all}), events ${events}\n`,
);
