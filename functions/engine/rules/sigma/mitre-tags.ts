/** Sigma `tags` (`attack.t1562.008`, `attack.defense-evasion`, `attack.ta0005`) as the rule's MITRE mapping. */
import { MITRE } from '../mitre.js';
import type { RuleMitre } from '../types.js';

const TACTICS: Record<string, string> = {
  TA0043: 'Reconnaissance',
  TA0042: 'Resource Development',
  TA0001: 'Initial Access',
  TA0002: 'Execution',
  TA0003: 'Persistence',
  TA0004: 'Privilege Escalation',
  TA0005: 'Defense Evasion',
  TA0006: 'Credential Access',
  TA0007: 'Discovery',
  TA0008: 'Lateral Movement',
  TA0009: 'Collection',
  TA0011: 'Command and Control',
  TA0010: 'Exfiltration',
  TA0040: 'Impact',
};

const BY_NAME = new Map(Object.entries(TACTICS).map(([id, name]) => [name.toLowerCase().replace(/ /g, '-'), id]));
/** Technique names the catalog already spells, keyed by id (`T1562.008`). */
const TECHNIQUES = new Map<string, RuleMitre>(Object.values(MITRE).map((m) => [m.technique.split(' ')[0]!, m]));

/** The mapping the tags give; `(none)` for a part no tag names. */
export function mitreOfTags(tags: readonly string[]): RuleMitre {
  let tactic: string | undefined;
  let technique: string | undefined;
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (!tag.startsWith('attack.')) continue;
    const value = tag.slice('attack.'.length).replace(/_/g, '-');
    const ta = /^ta\d{4}$/.test(value) ? value.toUpperCase() : BY_NAME.get(value);
    if (ta !== undefined && TACTICS[ta] !== undefined) tactic ??= `${ta} ${TACTICS[ta]}`;
    else if (/^t\d{4}(\.\d{3})?$/.test(value)) technique ??= value.toUpperCase();
  }
  const known = technique === undefined ? undefined : TECHNIQUES.get(technique);
  return {
    tactic: tactic ?? known?.tactic ?? '(none)',
    technique: known?.technique ?? technique ?? '(none)',
  };
}
