import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../functions/report/index.js';
import { makeOrg } from './support/make-org.js';
import { PAYLOADS, poison } from './support/hostile.js';

const org = makeOrg({ alerts: 40, seed: 5 });
const html = renderReport({
  ...org,
  alerts: [poison(org.alerts[0]!), ...org.alerts.slice(1)],
  title: `Acme ${PAYLOADS.closeScript}`,
});

function blocks(tag: string, attrs = ''): string[] {
  return [...html.matchAll(new RegExp(`<${tag}${attrs}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

describe('renderReport (the document)', () => {
  it('has a strict Content-Security-Policy whose hashes match the inline script and style exactly', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    const scripts = blocks('script');
    expect(scripts).toHaveLength(2);
    for (const s of scripts) expect(csp).toContain(hash(s));
    const styles = blocks('style');
    expect(styles).toHaveLength(1);
    expect(csp).toContain(hash(styles[0]!));
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('loads nothing from anywhere: no src, href, url() or import', () => {
    expect(/\s(src|href)=/i.test(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, ''))).toBe(false);
    expect(/url\(\s*['"]?(https?:|\/\/)/i.test(html)).toBe(false);
    expect(/<link\b|<iframe\b|<object\b|<embed\b|<img\b/i.test(html)).toBe(false);
  });

  it('embeds the data once as JSON, in which no attacker string appears raw', () => {
    const data = blocks('script', ' type="application/json" id="report-data"');
    const detail = blocks('script', ' type="application/json" id="report-details"');
    expect(data).toHaveLength(1);
    expect(detail).toHaveLength(1);
    // Outside the JSON (where every < is \u003c), the document holds nothing that came from the logs.
    const markup = html.replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '');
    for (const payload of Object.values(PAYLOADS)) expect(html.includes(payload), payload).toBe(false);
    const tags = markup.replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(/<[a-z]+[^>]*\son[a-z]+\s*=/i.test(tags)).toBe(false);
    expect(html.match(/<script\b/gi)).toHaveLength(4);
    expect(JSON.parse(detail[0]!).alerts[0].values).toEqual([PAYLOADS.svgOnLoad, PAYLOADS.jsonBreak]);
    expect(JSON.parse(data[0]!).meta.title).toBe(`Acme ${PAYLOADS.closeScript}`);
    expect(html).toContain('<title>Acme &lt;/script&gt;&lt;script&gt;');
  });

  it('is the same document for the same input (no clock, no randomness)', () => {
    const again = renderReport({
      ...org,
      alerts: [poison(org.alerts[0]!), ...org.alerts.slice(1)],
      title: `Acme ${PAYLOADS.closeScript}`,
    });
    expect(again === html).toBe(true);
  });
});

describe('the page script', () => {
  const dir = new URL('../../../functions/report/client/', import.meta.url);
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')] as const);

  it('never turns strings into markup or code', () => {
    for (const [file, code] of sources) {
      expect(code, file).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(['"]/,
      );
    }
  });
});
