/**
 * The licences and notices of the third-party packages a bundle contains, as one text file: the bundle
 * redistributes their code, and their licences (MIT, Apache-2.0 with its NOTICE files, ISC, ...) ask
 * for their notices to travel with it. Identical licence texts are printed once.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A package that a bundled source file belongs to. */
export interface InputPackage {
  name: string;
  /** Its folder, relative to the same root as the input. */
  dir: string;
}

/** The package of an esbuild input path (`node_modules/@scope/name/dist/x.js`), or undefined for own code. */
export function packageOfInput(input: string): InputPackage | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  const length = parts[0]?.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, length).join('/');
  return { name, dir: `${input.slice(0, at)}node_modules/${name}` };
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice|copyrightnotice)([.-].*)?$/i;

interface PackageNotice {
  id: string;
  licence: string;
  texts: string[];
}

function noticeOf(rootDir: string, dir: string): PackageNotice {
  const full = join(rootDir, dir);
  const manifest = JSON.parse(readFileSync(join(full, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    license?: string;
  };
  const texts = readdirSync(full)
    .filter((file) => LICENCE_FILE.test(file))
    .sort()
    .map((file) => readFileSync(join(full, file), 'utf8').trim());
  return { id: `${manifest.name}@${manifest.version}`, licence: manifest.license ?? 'unknown', texts };
}

/**
 * The notices file for the packages of the given bundled inputs (paths relative to rootDir), plus
 * `extraPackages` that are embedded another way (resolved from rootDir's node_modules).
 */
export function thirdPartyNotices(
  rootDir: string,
  inputs: readonly string[],
  extraPackages: readonly string[] = [],
): string {
  const dirs = new Set(inputs.flatMap((input) => packageOfInput(input)?.dir ?? []));
  for (const name of extraPackages) dirs.add(`node_modules/${name}`);
  const notices = [...dirs]
    .filter((dir) => existsSync(join(rootDir, dir, 'package.json')))
    .map((dir) => noticeOf(rootDir, dir))
    .sort((a, b) => a.id.localeCompare(b.id));
  // Keyed on the words only: copies of the Apache licence differ in indentation and line breaks.
  const byWords = new Map<string, { text: string; ids: string[] }>();
  for (const notice of notices) {
    for (const text of notice.texts) {
      const words = text.replace(/\s+/g, ' ');
      const group = byWords.get(words) ?? { text, ids: [] };
      group.ids.push(notice.id);
      byWords.set(words, group);
    }
  }
  const lines = [
    'Third-party software included in the ct-anomaly command (dist/cli/), listed when it was built.',
    '',
    ...notices.map(
      (n) => `${n.id}  ${n.licence}${n.texts.length === 0 ? '  (the package carries no licence file)' : ''}`,
    ),
  ];
  for (const { text, ids } of byWords.values()) {
    lines.push('', '-'.repeat(100), `The following text applies to: ${ids.join(', ')}`, '', text);
  }
  return `${lines.join('\n')}\n`;
}
