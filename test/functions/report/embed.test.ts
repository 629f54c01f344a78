import { describe, expect, it } from 'vitest';
import { cspHash, escapeHtml, inlineCode, jsonForScript } from '../../../functions/report/embed.js';
import { PAYLOADS } from './support/hostile.js';

describe('jsonForScript', () => {
  it('writes no character that could end a script element or open a comment', () => {
    const text = jsonForScript({ all: Object.values(PAYLOADS), [PAYLOADS.closeScript]: 1 });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('round-trips every value exactly through JSON.parse', () => {
    const value = { payloads: PAYLOADS, nested: [{ a: '&amp; <b>', b: null, c: 1.5 }], lone: '\ud800x' };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('inlineCode', () => {
  it('neutralises a closing tag inside a string of the code', () => {
    const code = 'var s = "</script><b>";';
    const safe = inlineCode(code, 'script');
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).toContain('<\\/script');
  });

  it('refuses script code that would open an HTML comment', () => {
    expect(() => inlineCode('var s = "<!--";', 'script')).toThrow(/end it early/);
  });
});

describe('cspHash', () => {
  it('is the base64 sha256 source expression of the exact text', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});
