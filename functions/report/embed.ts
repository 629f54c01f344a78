/** Safe embedding of data and code in one HTML document. */
import { createHash } from 'node:crypto';

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that can sit inside `<script type="application/json">`: `<`, `>`, `&` and U+2028/9 are written as
 * `\uXXXX` escapes, so no value can close the element or open a comment, whatever it contains.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text escaped for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Inline code made safe to place between `<script>`/`<style>` tags; throws if it still could close them. */
export function inlineCode(code: string, tag: 'script' | 'style'): string {
  const safe = code.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
  if (new RegExp(`</${tag}`, 'i').test(safe) || (tag === 'script' && /<!--/.test(safe))) {
    throw new Error(`inline ${tag} contains a sequence that would end it early`);
  }
  return safe;
}

/** The CSP source for an inline block: `'sha256-…'` of its exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
